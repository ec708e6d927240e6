#version 130
// District fills. Per vertex: map position (metres from the data centre) and, in texCoords.x, the
// district index; SFML leaves the texture matrix at identity because no sf::Texture is bound.
flat out int v_district;

void main() {
  gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
  v_district = int(gl_MultiTexCoord0.x + 0.5);
}
