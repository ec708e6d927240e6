#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/io/csv_field.hpp"
#include "core/error.hpp"
#include "core/io/output_file.hpp"

namespace fs = std::filesystem;
using zila::OutputFile;

namespace {

// A fresh folder per test case, removed afterwards.
struct Folder {
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "zila_output_file_XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~Folder() { fs::remove_all(path); }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
  size_t entries() const { return static_cast<size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator())); }
  fs::path path;
};

std::string read(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const zila::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("OutputFile: nothing reaches the target before commit, then all of it") {
  Folder dir;
  write(dir / "out.csv", "old\n");
  OutputFile out(dir / "out.csv");
  out.stream() << "new,";
  std::fputs("line\n", out.stdio());
  CHECK(read(dir / "out.csv") == "old\n");
  CHECK(fs::path(out.writing_path()).parent_path() == dir.path);
  CHECK(fs::path(out.writing_path()).extension() == ".csv");
  CHECK(dir.entries() == 2);
  out.commit();
  CHECK(read(dir / "out.csv") == "new,line\n");
  CHECK(dir.entries() == 1);  // the temporary was renamed, not copied
}

TEST_CASE("OutputFile: without commit (an exception) the previous file stays and the temporary goes") {
  Folder dir;
  write(dir / "out.csv", "old\n");
  CHECK_THROWS(([&] {
    OutputFile out(dir / "out.csv");
    out.stream() << "district,period\n";  // a header, then the statistic fails
    throw zila::Error("statistic failed");
  })());
  CHECK(read(dir / "out.csv") == "old\n");
  CHECK(dir.entries() == 1);
}

TEST_CASE("OutputFile: a new file gets the umask's mode, a replaced one keeps its mode") {
  Folder dir;
  mode_t old_mask = ::umask(027);
  {
    OutputFile out(dir / "new.png");
    out.commit();
  }
  ::umask(old_mask);
  struct stat info {};
  REQUIRE(::stat((dir / "new.png").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0640);
  write(dir / "kept.csv", "x");
  fs::permissions(dir / "kept.csv", fs::perms(0604));
  OutputFile out(dir / "kept.csv");
  out.commit();
  REQUIRE(::stat((dir / "kept.csv").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0604);
}

TEST_CASE("OutputFile: a symbolic link is followed: the file it names is replaced, the link stays") {
  Folder dir;
  write(dir / "real.json", "old");
  fs::create_symlink(dir / "real.json", dir / "link.json");
  OutputFile out(dir / "link.json");
  out.stream() << "new";
  out.commit();
  CHECK(fs::is_symlink(dir / "link.json"));
  CHECK(read(dir / "real.json") == "new");
}

TEST_CASE("OutputFile: a full device is an error naming the path and the OS error") {
  REQUIRE(fs::exists("/dev/full"));
  std::string error = error_of([] {
    OutputFile out("/dev/full");
    out.stream() << std::string(100000, 'x');
    out.commit();
  });
  CHECK(error.find("'/dev/full'") != std::string::npos);
  CHECK(error.find("No space left on device") != std::string::npos);
}

TEST_CASE("OutputFile: a folder, a missing folder and a handed-over file") {
  Folder dir;
  CHECK(error_of([&] { OutputFile out(dir.path.string()); }).find("it is a folder") != std::string::npos);
  std::string missing = error_of([&] { OutputFile out(dir / "no/such/folder/x.csv"); });
  CHECK(missing.find("no/such/folder/x.csv") != std::string::npos);
  CHECK(missing.find("No such file or directory") != std::string::npos);
  // giflib and ffmpeg write the temporary by name.
  OutputFile out(dir / "animation.gif");
  out.hand_over();
  write(out.writing_path(), "GIF89a");
  out.commit();
  CHECK(read(dir / "animation.gif") == "GIF89a");
  CHECK(dir.entries() == 1);
}

TEST_CASE("refuse_output_collisions: an output naming an input in any spelling, or two outputs one file") {
  Folder dir;
  write(dir / "events.csv", "date,district\n");
  fs::create_directories(dir.path / "sub");
  fs::create_symlink(dir / "events.csv", dir / "link.csv");
  fs::create_hard_link(dir / "events.csv", dir / "hard.csv");
  std::vector<zila::NamedPath> inputs{{"--events", dir / "events.csv"}, {"--aliases", ""}};
  auto refused = [&](const std::string& out) {
    return error_of([&] { zila::refuse_output_collisions(inputs, {{"--out", out}}); });
  };
  CHECK(refused(dir / "events.csv").find("refusing to overwrite an input") != std::string::npos);
  CHECK(refused(dir / "link.csv").find("--events") != std::string::npos);
  CHECK(!refused(dir / "hard.csv").empty());
  CHECK(!refused(dir / "sub/../events.csv").empty());
  CHECK(refused(dir / "counts.csv").empty());
  CHECK(refused("-").empty());  // standard output
  std::string twice = error_of([&] {
    zila::refuse_output_collisions(inputs, {{"--out", dir / "x.csv"}, {"--join-report", dir / "sub/../x.csv"}});
  });
  CHECK(twice.find("--out") != std::string::npos);
  CHECK(twice.find("--join-report") != std::string::npos);
  CHECK(error_of([&] { zila::refuse_output_collisions(inputs, {{"--out", ""}, {"--join-report", ""}}); }).empty());
  // A shapefile is read with its sidecars.
  std::vector<zila::NamedPath> shapefile{{"--boundaries", dir / "districts.shp"}};
  CHECK(!error_of([&] { zila::refuse_output_collisions(shapefile, {{"--out", dir / "districts.dbf"}}); }).empty());
  CHECK(!error_of([&] { zila::refuse_output_collisions(shapefile, {{"--out", dir / "districts.DBF"}}); }).empty());
}

TEST_CASE("finish_stdout: passes on a healthy standard output") { CHECK_NOTHROW(zila::finish_stdout()); }

TEST_CASE("csv_text_field: values a spreadsheet would run as formulas are quoted with a leading quote") {
  using zila::csv_text_field;
  CHECK(csv_text_field("Bannu") == "Bannu");
  CHECK(csv_text_field("Tangi, Charsadda") == "\"Tangi, Charsadda\"");
  CHECK(csv_text_field("=HYPERLINK(\"http://x\",\"Bannu\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"Bannu\"\")\"");
  CHECK(csv_text_field("+1") == "\"'+1\"");
  CHECK(csv_text_field("-2") == "\"'-2\"");
  CHECK(csv_text_field("@SUM(A1)") == "\"'@SUM(A1)\"");
  CHECK(csv_text_field("\tx") == "\"'\tx\"");
  CHECK(csv_text_field("\rx") == "\"'\rx\"");
  CHECK(csv_text_field("") == "");
  CHECK(csv_text_field("D.I. Khan") == "D.I. Khan");
}
