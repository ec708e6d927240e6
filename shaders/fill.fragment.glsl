#version 130
// The colour of each district lives in a small texture: the time slider rewrites only that texture.
// District d is texel (d mod 2^u_row_shift, d / 2^u_row_shift): rows of districts, so that 100k
// districts fit under the largest texture size; shifts, as SIMD has no integer division. texelFetch
// avoids any filtering or half-texel arithmetic.
uniform sampler2D u_colors;
uniform int u_row_shift;
flat in int v_district;

void main() {
  ivec2 texel = ivec2(v_district & ((1 << u_row_shift) - 1), v_district >> u_row_shift);
  vec4 color = texelFetch(u_colors, texel, 0);
  gl_FragColor = color;
}
