#version 130
// A frame of an unchanged view from its layers on the GPU (MapRenderer::LayerCompose::shader), with
// district_raster.vertex.glsl over the viewport (texCoords: the pixel in the layers, row 0 at the
// bottom). The view's district numbers (index + 1 in RGB; 0: none; 0xFFFFFF: beyond the district
// raster) coloured through u_colors as district_raster.fragment.glsl does, the raster's one-pixel
// outlines towards another district (view_layers.hpp: ViewLayers::set), and the view's strokes
// (premultiplied, drawn once per view) over them. Out premultiplied, for the blend (One,
// OneMinusSrcAlpha): the same as the fills blended over the target and the strokes over that. A
// time-slider step changes only u_colors.
uniform sampler2D u_ids;
uniform sampler2D u_strokes;
uniform sampler2D u_colors;
uniform int u_row_shift;
uniform vec4 u_outline;  // outline colour, alpha already scaled by the stroke's coverage; a = 0: none
in vec2 v_texel;

const int kOutside = 0xFFFFFF - 1;

int district_at(ivec2 texel) {
  texel = clamp(texel, ivec2(0), textureSize(u_ids, 0) - 1);
  ivec3 bytes = ivec3(texelFetch(u_ids, texel, 0).rgb * 255.0 + 0.5);
  return bytes.r + (bytes.g << 8) + (bytes.b << 16) - 1;
}

void main() {
  ivec2 texel = ivec2(v_texel);
  int district = district_at(texel);
  vec4 fill = vec4(0.0);
  if (district >= 0 && district != kOutside) {
    fill = texelFetch(u_colors, ivec2(district & ((1 << u_row_shift) - 1), district >> u_row_shift), 0);
    if (u_outline.a > 0.0) {
      int right = district_at(texel + ivec2(1, 0)), above = district_at(texel + ivec2(0, 1));
      if ((right != district && right != kOutside) || (above != district && above != kOutside)) {
        float a = u_outline.a, alpha = fill.a + a - fill.a * a;
        fill = vec4(mix(fill.rgb * fill.a, u_outline.rgb, a) / max(alpha, 1e-6), alpha);
      }
    }
  }
  vec4 stroke = texelFetch(u_strokes, texel, 0);
  gl_FragColor = stroke + vec4(fill.rgb * fill.a, fill.a) * (1.0 - stroke.a);
}
