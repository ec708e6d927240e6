#version 130
// With fill.vertex.glsl: writes district index + 1 as a 24-bit number in RGB (0: no district), once,
// into the raster that district_raster.fragment.glsl reads.
flat in int v_district;

void main() {
  int id = v_district + 1;
  gl_FragColor = vec4(float(id & 255), float((id >> 8) & 255), float((id >> 16) & 255), 255.0) / 255.0;
}
