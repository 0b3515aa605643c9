// glTF 2.0 (.glb, or .gltf with embedded data: buffers) → the meshes the viewer draws:
// triangles with positions, normals, vertex colours, texture coordinates, a base colour
// and texture, placed by the scene's node transforms. Skins, morphs and animations are
// drawn in their rest pose; compressed geometry (Draco, meshopt) is refused by name.

import { fromTRS, identity, multiply } from "./mat4.js";

const GLB_MAGIC = 0x46546c67; // "glTF"
const JSON_CHUNK = 0x4e4f534a;
const BIN_CHUNK = 0x004e4942;
const COMPONENTS = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT4: 16 };
const ARRAYS = { 5120: Int8Array, 5121: Uint8Array, 5122: Int16Array, 5123: Uint16Array, 5125: Uint32Array, 5126: Float32Array };
const NORMALIZE = { 5120: 127, 5121: 255, 5122: 32767, 5123: 65535 };
const TRIANGLES = 4;

/** Split a .glb into its JSON document and binary chunk. */
function readGlb(buffer) {
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== GLB_MAGIC) throw new Error("not a glTF binary (.glb) file");
  let json = null;
  let bin = null;
  for (let at = 12; at + 8 <= buffer.byteLength;) {
    const [length, type] = [view.getUint32(at, true), view.getUint32(at + 4, true)];
    const body = buffer.slice(at + 8, at + 8 + length);
    if (type === JSON_CHUNK) json = JSON.parse(new TextDecoder().decode(body));
    else if (type === BIN_CHUNK && !bin) bin = body;
    at += 8 + length;
  }
  if (!json) throw new Error("the .glb file has no JSON chunk");
  return { json, bin };
}

async function loadBuffers(json, bin) {
  return Promise.all((json.buffers || []).map(async (buffer, index) => {
    if (buffer.uri === undefined) {
      if (index === 0 && bin) return bin;
      throw new Error(`buffer ${index} has no data`);
    }
    if (!String(buffer.uri).startsWith("data:")) {
      throw new Error(`this model refers to another file (${buffer.uri}); send it as one .glb`);
    }
    return (await fetch(buffer.uri)).arrayBuffer();
  }));
}

/** An accessor's values as a typed array of `count × size` numbers (floats if normalized). */
function readAccessor(doc, index) {
  const accessor = doc.json.accessors[index];
  const size = COMPONENTS[accessor.type];
  const Type = ARRAYS[accessor.componentType];
  if (!size || !Type) throw new Error(`accessor ${index}: an unknown type`);
  const count = accessor.count * size;
  if (accessor.bufferView === undefined) return new Float32Array(count); // all zeros (sparse only)
  const view = doc.json.bufferViews[accessor.bufferView];
  const buffer = doc.buffers[view.buffer];
  const offset = (view.byteOffset || 0) + (accessor.byteOffset || 0);
  const stride = view.byteStride || size * Type.BYTES_PER_ELEMENT;
  let values;
  if (stride === size * Type.BYTES_PER_ELEMENT && offset % Type.BYTES_PER_ELEMENT === 0) {
    values = new Type(buffer, offset, count);
  } else {
    values = new Type(count);
    for (let i = 0; i < accessor.count; i += 1) {
      const row = new Type(buffer.slice(offset + i * stride, offset + i * stride + size * Type.BYTES_PER_ELEMENT));
      values.set(row, i * size);
    }
  }
  if (accessor.normalized && NORMALIZE[accessor.componentType]) {
    const scale = NORMALIZE[accessor.componentType];
    return Float32Array.from(values, (v) => Math.max(v / scale, -1));
  }
  return values;
}

async function loadImage(doc, textureIndex) {
  const texture = doc.json.textures?.[textureIndex];
  const image = texture && doc.json.images?.[texture.source];
  if (!image) return null;
  let blob;
  if (image.bufferView !== undefined) {
    const view = doc.json.bufferViews[image.bufferView];
    const bytes = new Uint8Array(doc.buffers[view.buffer], view.byteOffset || 0, view.byteLength);
    blob = new Blob([bytes], { type: image.mimeType || "image/png" });
  } else if (String(image.uri || "").startsWith("data:")) {
    blob = await (await fetch(image.uri)).blob();
  } else {
    return null; // an image in another file: drawn with its base colour only
  }
  try {
    return await createImageBitmap(blob);
  } catch {
    return null;
  }
}

async function primitiveMesh(doc, primitive, matrix) {
  const attributes = primitive.attributes || {};
  if (attributes.POSITION === undefined) return null;
  const material = doc.json.materials?.[primitive.material]?.pbrMetallicRoughness || {};
  const read = (name) => (attributes[name] === undefined ? null : readAccessor(doc, attributes[name]));
  const colors = read("COLOR_0");
  return {
    positions: readAccessor(doc, attributes.POSITION),
    normals: read("NORMAL"),
    uvs: read("TEXCOORD_0"),
    colors,
    colorSize: colors ? COMPONENTS[doc.json.accessors[attributes.COLOR_0].type] : 0,
    indices: primitive.indices === undefined ? null : readAccessor(doc, primitive.indices),
    color: material.baseColorFactor || null,
    texture: material.baseColorTexture ? await loadImage(doc, material.baseColorTexture.index) : null,
    matrix,
  };
}

function nodeMatrix(node) {
  if (node.matrix) return new Float32Array(node.matrix);
  return fromTRS(node.translation, node.rotation, node.scale);
}

/** Every triangle mesh of the default scene, each with its world matrix. */
async function sceneMeshes(doc) {
  const meshes = [];
  const scene = doc.json.scenes?.[doc.json.scene ?? 0];
  const roots = scene?.nodes ?? (doc.json.nodes || []).map((_, i) => i);
  const stack = roots.map((index) => [index, identity(), 0]);
  while (stack.length) {
    const [index, parent, depth] = stack.pop();
    const node = doc.json.nodes?.[index];
    if (!node || depth > 64) continue;
    const matrix = multiply(parent, nodeMatrix(node));
    for (const primitive of doc.json.meshes?.[node.mesh]?.primitives || []) {
      if ((primitive.mode ?? TRIANGLES) !== TRIANGLES) continue;
      const mesh = await primitiveMesh(doc, primitive, matrix);
      if (mesh) meshes.push(mesh);
    }
    for (const child of node.children || []) stack.push([child, matrix, depth + 1]);
  }
  return meshes;
}

/** A .glb or .gltf file's bytes → its meshes. */
export async function parseGltf(buffer) {
  const bytes = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
  const binary = bytes[0] === 0x67 && bytes[1] === 0x6c && bytes[2] === 0x54 && bytes[3] === 0x46;
  const { json, bin } = binary ? readGlb(buffer) : { json: JSON.parse(new TextDecoder().decode(buffer)), bin: null };
  const compressed = (json.extensionsRequired || []).find((name) => /draco|meshopt/i.test(name));
  if (compressed) throw new Error(`this model uses ${compressed}, which this viewer does not read`);
  const doc = { json, buffers: await loadBuffers(json, bin) };
  return sceneMeshes(doc);
}
