// Wavefront .obj and .stl (binary or ASCII) → one mesh of triangles for the viewer
// (STL's own normals are often zero: the viewer computes them from the faces).
// OBJ: vertices (with optional r g b), normals, polygon faces (fanned into triangles),
// negative indices; materials (.mtl) are other files, so surfaces take the app's colour.

/** Triangles built corner by corner: positions, and normals/colours when every corner has them. */
function corners() {
  const out = { positions: [], normals: [], colors: [], allNormals: true, allColors: true };
  out.add = (position, normal, color) => {
    out.positions.push(...position);
    if (normal) out.normals.push(...normal);
    else out.allNormals = false;
    if (color) out.colors.push(...color);
    else out.allColors = false;
  };
  out.mesh = () => ({
    positions: new Float32Array(out.positions),
    normals: out.allNormals && out.normals.length ? new Float32Array(out.normals) : null,
    colors: out.allColors && out.colors.length ? new Float32Array(out.colors) : null,
    colorSize: 3,
    indices: null,
    uvs: null,
    color: null,
    texture: null,
    matrix: null,
  });
  return out;
}

const index = (token, count) => {
  const n = parseInt(token, 10);
  return n < 0 ? count + n : n - 1;
};

export function parseObj(text) {
  const [vertices, colors, normals] = [[], [], []];
  const out = corners();
  for (const raw of text.split(/\r?\n/)) {
    const parts = raw.trim().split(/\s+/);
    const [tag, ...args] = parts;
    const numbers = args.map(Number);
    if (tag === "v") {
      vertices.push(numbers.slice(0, 3));
      colors.push(numbers.length >= 6 ? numbers.slice(3, 6) : null);
    } else if (tag === "vn") {
      normals.push(numbers.slice(0, 3));
    } else if (tag === "f" && args.length >= 3) {
      const refs = args.map((arg) => arg.split("/"));
      const corner = (ref) => {
        const v = index(ref[0], vertices.length);
        const n = ref[2] ? index(ref[2], normals.length) : -1;
        return [vertices[v], normals[n] || null, colors[v] || null];
      };
      for (let i = 1; i + 1 < refs.length; i += 1) {
        for (const ref of [refs[0], refs[i], refs[i + 1]]) {
          const [position, normal, color] = corner(ref);
          if (!position) throw new Error(`the .obj file refers to a vertex it does not have (${ref[0]})`);
          out.add(position, normal, color);
        }
      }
    }
  }
  return [out.mesh()];
}

function binaryStl(buffer) {
  const view = new DataView(buffer);
  const count = view.getUint32(80, true);
  const out = corners();
  for (let t = 0, at = 84; t < count && at + 50 <= buffer.byteLength; t += 1, at += 50) {
    for (let c = 0; c < 3; c += 1) {
      out.add([0, 1, 2].map((k) => view.getFloat32(at + 12 + 12 * c + 4 * k, true)), null, null);
    }
  }
  return [out.mesh()];
}

export function parseStl(buffer) {
  const view = new DataView(buffer);
  if (buffer.byteLength >= 84 && buffer.byteLength === 84 + 50 * view.getUint32(80, true)) return binaryStl(buffer);
  const out = corners();
  for (const line of new TextDecoder().decode(buffer).split(/\r?\n/)) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === "vertex") out.add(parts.slice(1, 4).map(Number), null, null);
  }
  return [out.mesh()];
}
