// write_png (bands of rows deflated on all cores, stitched into one zlib stream) decoded by two
// independent readers, libpng (which checks every chunk's CRC and the stream's Adler-32) and SFML's
// stb_image: the same pixels back, RGB and RGBA, top-down and bottom-up, on sizes around the bands.
#include <catch2/catch.hpp>

#include <png.h>

#include <SFML/Graphics/Image.hpp>
#include <filesystem>
#include <fstream>
#include <tbb/global_control.h>
#include <random>
#include <vector>

#include "render/png_writer.hpp"

using namespace zila;

namespace {

// Choropleth-like content (flat runs) with noise, so that both long matches and literals occur.
std::vector<std::uint8_t> picture(unsigned w, unsigned h, bool opaque, unsigned seed) {
  std::vector<std::uint8_t> rgba(size_t{w} * h * 4);
  std::mt19937 random(seed);
  for (size_t i = 0; i < size_t{w} * h; ++i) {
    const bool noisy = random() % 5 == 0;
    for (int c = 0; c < 3; ++c)
      rgba[4 * i + c] = static_cast<std::uint8_t>(noisy ? random() : (i / 97) * (c + 3));
    rgba[4 * i + 3] = opaque ? 255 : static_cast<std::uint8_t>(random());
  }
  return rgba;
}

std::vector<std::uint8_t> top_down(const std::vector<std::uint8_t>& rgba, unsigned w, unsigned h, bool bottom_up) {
  if (!bottom_up) return rgba;
  std::vector<std::uint8_t> flipped(rgba.size());
  for (unsigned y = 0; y < h; ++y)
    std::copy_n(rgba.begin() + static_cast<ptrdiff_t>(size_t{h - 1 - y} * w * 4), size_t{w} * 4,
                flipped.begin() + static_cast<ptrdiff_t>(size_t{y} * w * 4));
  return flipped;
}

}  // namespace

TEST_CASE("write_png: libpng and stb_image read back the same pixels") {
  const auto [w, h] = GENERATE(std::pair{1u, 1u}, std::pair{3u, 1u}, std::pair{100u, 64u}, std::pair{100u, 65u},
                               std::pair{517u, 200u}, std::pair{2000u, 300u});
  const bool opaque = GENERATE(true, false);
  const bool bottom_up = GENERATE(false, true);
  INFO(w << "x" << h << (opaque ? " opaque" : " with alpha") << (bottom_up ? ", bottom-up" : ""));
  const std::vector<std::uint8_t> rgba = picture(w, h, opaque, w * 7 + h);
  const std::string path = (std::filesystem::temp_directory_path() / "zila_png_writer_test.png").string();
  write_png({rgba.data(), w, h, bottom_up}, path);
  const std::vector<std::uint8_t> expected = top_down(rgba, w, h, bottom_up);

  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  REQUIRE(png_image_begin_read_from_file(&image, path.c_str()));
  CHECK(image.width == w);
  CHECK(image.height == h);
  CHECK(((image.format & PNG_FORMAT_FLAG_ALPHA) != 0) == !opaque);  // RGB when every pixel is opaque
  image.format = PNG_FORMAT_RGBA;
  std::vector<std::uint8_t> decoded(PNG_IMAGE_SIZE(image));
  REQUIRE(png_image_finish_read(&image, nullptr, decoded.data(), 0, nullptr));
  INFO(image.message);
  CHECK(decoded == expected);

  sf::Image stb;
  REQUIRE(stb.loadFromFile(path));
  REQUIRE(stb.getSize() == sf::Vector2u(w, h));
  CHECK(std::equal(expected.begin(), expected.end(), stb.getPixelsPtr()));
  std::filesystem::remove(path);
}

TEST_CASE("write_png: the file's bytes do not depend on the number of threads") {
  // Bands are fixed in size, so a machine with more cores writes the same file.
  const std::vector<std::uint8_t> rgba = picture(640, 333, true, 5);
  const std::string a = (std::filesystem::temp_directory_path() / "zila_png_a.png").string();
  const std::string b = (std::filesystem::temp_directory_path() / "zila_png_b.png").string();
  write_png({rgba.data(), 640, 333, false}, a);
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    write_png({rgba.data(), 640, 333, false}, b);
  }
  auto bytes = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), {});
  };
  CHECK(bytes(a) == bytes(b));
  std::filesystem::remove(a);
  std::filesystem::remove(b);
}
