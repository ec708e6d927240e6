// Project files and database sources: the connection is stored without its password, the query kept.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

#include "core/project.hpp"

using namespace zila;
namespace fs = std::filesystem;

TEST_CASE("A project stores a database connection without its password") {
  Project p;
  p.data.boundaries.path = "PG:host=/run/pg user=zila password=s3cret dbname=geo";
  p.data.boundaries.layer = "public.districts";
  p.data.events.path = "PG:postgresql://zila:s3cret@db.example/ops?sslmode=require";
  p.data.events.sql = "SELECT * FROM events WHERE year >= 2020";
  const fs::path file = fs::temp_directory_path() / ("zila_project_pg_" + std::to_string(::getpid()) + ".json");
  save_project(p, file.string());
  std::ifstream in(file);
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  CHECK(text.find("s3cret") == std::string::npos);
  const Project again = load_project(file.string());
  fs::remove(file);
  CHECK(again.data.boundaries.path == "PG:host=/run/pg user=zila dbname=geo");
  CHECK(again.data.boundaries.layer == "public.districts");
  CHECK(again.data.events.path == "PG:postgresql://zila@db.example/ops?sslmode=require");
  CHECK(again.data.events.sql == p.data.events.sql);
}

TEST_CASE("A whole-number field of a project holding a huge or fractional number is refused, never converted") {
  Project p;
  p.data.boundaries.path = "adm2.geojson";
  p.data.events.path = "events.csv";
  const fs::path file = fs::temp_directory_path() / ("zila_project_numbers_" + std::to_string(::getpid()) + ".json");
  save_project(p, file.string());
  std::ifstream in(file);
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  in.close();
  const size_t width = text.find("\"width\": ");
  REQUIRE(width != std::string::npos);
  const size_t end = text.find_first_of(",\n}", width);
  for (const char* bad : {"1900000000000000000000000000000000000020", "2.5", "-3000000000"}) {
    INFO(bad);
    std::ofstream(file) << text.substr(0, width) << "\"width\": " << bad << text.substr(end);
    CHECK_THROWS_WITH(load_project(file.string()), Catch::Contains("'width' must be a whole number"));
  }
  fs::remove(file);
}
