#version 130
// Fills of many small districts from a raster of district numbers (district_ids.fragment.glsl) made
// once from the polygons: one quad instead of every district's triangles. Colours as in
// fill.fragment.glsl (hover and selection are outlines drawn afterwards). District outlines, when
// wanted, are the pixels whose neighbour one pixel along x or y shows another district: one pixel
// wide, as thin strokes are, at any district count.
uniform sampler2D u_ids;
uniform sampler2D u_colors;
uniform int u_row_shift;
uniform vec4 u_outline;  // outline colour, alpha already scaled by the stroke's coverage; a = 0: none
in vec2 v_texel;

int district_at(vec2 texel) {
  texel = clamp(texel, vec2(0.0), vec2(textureSize(u_ids, 0)) - 0.5);
  ivec3 bytes = ivec3(texelFetch(u_ids, ivec2(texel), 0).rgb * 255.0 + 0.5);
  return bytes.r + (bytes.g << 8) + (bytes.b << 16) - 1;
}

void main() {
  // Derivatives before any discard or branch: they are undefined in non-uniform control flow.
  vec2 next_x = v_texel + dFdx(v_texel), next_y = v_texel + dFdy(v_texel);
  int district = district_at(v_texel);
  if (district < 0) discard;
  vec4 color = texelFetch(u_colors, ivec2(district & ((1 << u_row_shift) - 1), district >> u_row_shift), 0);
  if (u_outline.a > 0.0 && (district_at(next_x) != district || district_at(next_y) != district)) {
    // The outline over the fill ("over" compositing, un-premultiplied for the alpha blend that follows).
    float a = u_outline.a, alpha = color.a + a - color.a * a;
    color = vec4(mix(color.rgb * color.a, u_outline.rgb, a) / max(alpha, 1e-6), alpha);
  }
  gl_FragColor = color;
}
