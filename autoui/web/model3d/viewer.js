// A small WebGL2 viewer: meshes lit by a light at the camera, orbited with the mouse
// (drag: turn, right-drag or shift-drag: pan, wheel: zoom, double-click: reset) or the
// keyboard (arrows: turn, + and -: zoom, 0: reset). Draws only when something changed.

import { lookAt, multiply, normalize, normalMatrix, perspective, transformPoint } from "./mat4.js";

const VERTEX = `#version 300 es
in vec3 a_position; in vec3 a_normal; in vec4 a_color; in vec2 a_uv;
uniform mat4 u_model, u_view_projection; uniform mat3 u_normal;
out vec3 v_normal; out vec4 v_color; out vec2 v_uv; out vec3 v_world;
void main() {
  vec4 world = u_model * vec4(a_position, 1.0);
  v_normal = u_normal * a_normal; v_color = a_color; v_uv = a_uv; v_world = world.xyz;
  gl_Position = u_view_projection * world;
}`;
const FRAGMENT = `#version 300 es
precision highp float;
in vec3 v_normal; in vec4 v_color; in vec2 v_uv; in vec3 v_world;
uniform vec4 u_base; uniform bool u_textured; uniform sampler2D u_texture; uniform vec3 u_light, u_eye;
out vec4 out_color;
void main() {
  vec3 n = normalize(v_normal);
  if (dot(n, u_eye - v_world) < 0.0) n = -n; // lit on the side seen, whatever the winding
  vec4 base = u_base * v_color;
  if (u_textured) base *= texture(u_texture, v_uv);
  float light = 0.35 + 0.65 * max(dot(n, u_light), 0.0);
  out_color = vec4(base.rgb * light, 1.0);
}`;
const FOV = Math.PI / 4;
const START = { yaw: 0.6, pitch: 0.35 };
const ATTRIBUTES = ["a_position", "a_normal", "a_color", "a_uv"];

function compile(gl) {
  const program = gl.createProgram();
  for (const [type, source] of [[gl.VERTEX_SHADER, VERTEX], [gl.FRAGMENT_SHADER, FRAGMENT]]) {
    const shader = gl.createShader(type);
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(shader));
    gl.attachShader(program, shader);
  }
  ATTRIBUTES.forEach((name, i) => gl.bindAttribLocation(program, i, name));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(program));
  return program;
}

/** Normals from the faces: smooth over shared (indexed) vertices, flat otherwise. */
export function faceNormals(positions, indices) {
  const normals = new Float32Array(positions.length);
  const count = indices ? indices.length : positions.length / 3;
  const at = (i) => (indices ? indices[i] : i);
  for (let i = 0; i + 2 < count; i += 3) {
    const [a, b, c] = [at(i), at(i + 1), at(i + 2)];
    const p = (k) => [positions[3 * k], positions[3 * k + 1], positions[3 * k + 2]];
    const [pa, pb, pc] = [p(a), p(b), p(c)];
    const [u, v] = [[0, 1, 2].map((k) => pb[k] - pa[k]), [0, 1, 2].map((k) => pc[k] - pa[k])];
    const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    for (const k of [a, b, c]) for (let d = 0; d < 3; d += 1) normals[3 * k + d] += n[d];
  }
  return normals; // normalised in the shader
}

function upload(gl, mesh) {
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  const attribute = (index, data, size) => {
    if (!data) return;
    gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
    gl.bufferData(gl.ARRAY_BUFFER, data instanceof Float32Array ? data : new Float32Array(data), gl.STATIC_DRAW);
    gl.enableVertexAttribArray(index);
    gl.vertexAttribPointer(index, size, gl.FLOAT, false, 0, 0);
  };
  attribute(0, mesh.positions, 3);
  attribute(1, mesh.normals || faceNormals(mesh.positions, mesh.indices), 3);
  attribute(2, mesh.colors, mesh.colorSize || 3);
  attribute(3, mesh.texture ? mesh.uvs : null, 2);
  let indexType = null;
  if (mesh.indices) {
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, gl.createBuffer());
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, mesh.indices, gl.STATIC_DRAW);
    indexType = mesh.indices instanceof Uint32Array ? gl.UNSIGNED_INT : mesh.indices instanceof Uint8Array ? gl.UNSIGNED_BYTE : gl.UNSIGNED_SHORT;
  }
  gl.bindVertexArray(null);
  let texture = null;
  if (mesh.texture && mesh.uvs) {
    texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, mesh.texture);
    gl.generateMipmap(gl.TEXTURE_2D);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR_MIPMAP_LINEAR);
  }
  const count = mesh.indices ? mesh.indices.length : mesh.positions.length / 3;
  return { vao, count, indexType, texture, mesh };
}

/** Centre and radius of every mesh's vertices, placed by its matrix. */
export function bounds(meshes) {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const mesh of meshes) {
    const step = Math.max(3, 3 * Math.floor(mesh.positions.length / 3 / 20000)); // a sample of big meshes
    for (let i = 0; i + 2 < mesh.positions.length; i += step) {
      const point = [mesh.positions[i], mesh.positions[i + 1], mesh.positions[i + 2]];
      const p = mesh.matrix ? transformPoint(mesh.matrix, point) : point;
      for (let k = 0; k < 3; k += 1) [lo[k], hi[k]] = [Math.min(lo[k], p[k]), Math.max(hi[k], p[k])];
    }
  }
  if (!Number.isFinite(lo[0])) return { center: [0, 0, 0], radius: 1 };
  const center = [0, 1, 2].map((k) => (lo[k] + hi[k]) / 2);
  return { center, radius: Math.max(1e-6, Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) / 2) };
}

function hexColor(text, alpha = 1) {
  const match = /^#([0-9a-f]{6})$/i.exec(text || "");
  if (!match) return null;
  const n = parseInt(match[1], 16);
  return [(n >> 16) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255, alpha];
}

function eye({ yaw, pitch, distance, target }) {
  return [target[0] + distance * Math.cos(pitch) * Math.sin(yaw), target[1] + distance * Math.sin(pitch), target[2] + distance * Math.cos(pitch) * Math.cos(yaw)];
}

/** Draw every part as the view sees it, at the canvas' size in device pixels. */
function drawFrame(scene, parts, view) {
  const { gl, canvas, program, u, clear } = scene;
  const dpr = window.devicePixelRatio || 1;
  const [w, h] = [Math.max(1, Math.round(canvas.clientWidth * dpr)), Math.max(1, Math.round(canvas.clientHeight * dpr))];
  if (canvas.width !== w || canvas.height !== h) Object.assign(canvas, { width: w, height: h });
  gl.viewport(0, 0, w, h);
  gl.clearColor(...clear);
  gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
  gl.enable(gl.DEPTH_TEST);
  gl.useProgram(program);
  const position = eye(view);
  const radius = view.home.radius;
  const projection = perspective(FOV, w / h, Math.max(view.distance - 2 * radius, view.distance / 1000), view.distance + 2 * radius);
  gl.uniformMatrix4fv(u.u_view_projection, false, multiply(projection, lookAt(position, view.target)));
  gl.uniform3fv(u.u_eye, position);
  gl.uniform3fv(u.u_light, normalize([position[0] - view.target[0], position[1] - view.target[1] + radius, position[2] - view.target[2]]));
  for (const part of parts) drawPart(scene, part);
}

const IDENTITY = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

function drawPart({ gl, u, fallback }, { vao, count, indexType, texture, mesh }) {
  const model = mesh.matrix || IDENTITY;
  gl.uniformMatrix4fv(u.u_model, false, model);
  gl.uniformMatrix3fv(u.u_normal, false, normalMatrix(model));
  gl.uniform4fv(u.u_base, mesh.color || (mesh.colors || texture ? [1, 1, 1, 1] : fallback));
  gl.uniform1i(u.u_textured, texture ? 1 : 0);
  if (texture) {
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.uniform1i(u.u_texture, 0);
  }
  gl.bindVertexArray(vao);
  if (!mesh.colors) gl.vertexAttrib4f(2, 1, 1, 1, 1);
  if (indexType) gl.drawElements(gl.TRIANGLES, count, indexType, 0);
  else gl.drawArrays(gl.TRIANGLES, 0, count);
  gl.bindVertexArray(null);
}

const UNIFORMS = ["u_model", "u_view_projection", "u_normal", "u_base", "u_textured", "u_texture", "u_light", "u_eye"];

/** A viewer on `canvas`; options {color: "#rrggbb" of uncoloured surfaces, clearColor}. */
export function createViewer(canvas, { color = "#b0b4bb", clearColor = null } = {}) {
  const gl = canvas.getContext("webgl2", { antialias: true, premultipliedAlpha: true });
  if (!gl) throw new Error("this browser cannot draw 3D (WebGL 2 is off or missing)");
  const program = compile(gl);
  const u = Object.fromEntries(UNIFORMS.map((name) => [name, gl.getUniformLocation(program, name)]));
  const scene = { gl, canvas, program, u, fallback: hexColor(color) || [0.7, 0.7, 0.73, 1], clear: hexColor(clearColor) || [0, 0, 0, 0] };
  const view = { ...START, distance: 1, target: [0, 0, 0], home: { center: [0, 0, 0], radius: 1 } };
  let parts = [];
  let queued = false;
  const redraw = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      drawFrame(scene, parts, view);
    });
  };
  const reset = () => {
    Object.assign(view, START, { target: [...view.home.center], distance: (view.home.radius / Math.sin(FOV / 2)) * 0.9 });
    redraw();
  };
  controls(canvas, view, redraw, reset);
  new ResizeObserver(redraw).observe(canvas);
  return {
    show(meshes) {
      parts = meshes.map((mesh) => upload(gl, mesh));
      view.home = bounds(meshes);
      reset();
    },
    reset,
    view,
  };
}

function controls(canvas, view, redraw, reset) {
  let drag = null;
  canvas.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, y: event.clientY, pan: event.button === 2 || event.shiftKey };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const [dx, dy] = [event.clientX - drag.x, event.clientY - drag.y];
    [drag.x, drag.y] = [event.clientX, event.clientY];
    if (drag.pan) pan(view, canvas, dx, dy);
    else turn(view, dx * 0.01, dy * 0.01);
    redraw();
  });
  const stop = () => (drag = null);
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
  canvas.addEventListener("contextmenu", (event) => event.preventDefault());
  canvas.addEventListener("dblclick", reset);
  canvas.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoom(view, Math.exp(event.deltaY * 0.001));
    redraw();
  }, { passive: false });
  canvas.addEventListener("keydown", (event) => {
    const keys = { ArrowLeft: () => turn(view, -0.1, 0), ArrowRight: () => turn(view, 0.1, 0), ArrowUp: () => turn(view, 0, -0.1), ArrowDown: () => turn(view, 0, 0.1), "+": () => zoom(view, 0.85), "=": () => zoom(view, 0.85), "-": () => zoom(view, 1.18), 0: reset };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
    redraw();
  });
}

function turn(view, yaw, pitch) {
  view.yaw -= yaw;
  view.pitch = Math.max(-1.55, Math.min(1.55, view.pitch + pitch));
}

function zoom(view, factor) {
  const r = view.home.radius;
  view.distance = Math.max(r * 0.05, Math.min(r * 50, view.distance * factor));
}

function pan(view, canvas, dx, dy) {
  const perPixel = (2 * view.distance * Math.tan(FOV / 2)) / Math.max(1, canvas.clientHeight);
  const right = [Math.cos(view.yaw), 0, -Math.sin(view.yaw)];
  const up = [-Math.sin(view.pitch) * Math.sin(view.yaw), Math.cos(view.pitch), -Math.sin(view.pitch) * Math.cos(view.yaw)];
  for (let k = 0; k < 3; k += 1) view.target[k] += (-dx * right[k] + dy * up[k]) * perPixel;
}
