#version 130
// With district_raster.vertex.glsl: copies the district number of the raster texel under each pixel
// into a view's district layer (see map_layers.fragment.glsl), as district_raster.fragment.glsl
// finds it.
uniform sampler2D u_ids;
in vec2 v_texel;

void main() {
  vec2 texel = clamp(v_texel, vec2(0.0), vec2(textureSize(u_ids, 0)) - 0.5);
  gl_FragColor = texelFetch(u_ids, ivec2(texel), 0);
}
