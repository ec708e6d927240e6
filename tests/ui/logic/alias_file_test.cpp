#include <catch2/catch.hpp>

#include <filesystem>

#include "core/io/csv_field.hpp"
#include "core/io/event_loader.hpp"
#include "ui/logic/alias_file.hpp"

using namespace zila;
using namespace zila::ui;

TEST_CASE("CSV fields are quoted only when needed") {
  CHECK(csv_field("Bannu") == "Bannu");
  CHECK(csv_field("Tangi, Charsadda") == "\"Tangi, Charsadda\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
}

TEST_CASE("Merging aliases keeps one entry per alias, the newest winning") {
  const std::vector<AliasEntry> existing{{"D.I. Khan", "Dera Ismail Khan"}, {"Kuram", "Kurram"}};
  const std::vector<AliasEntry> added{{"d.i.  khan", "Dera Ismail Khan"}, {"kuram", "Orakzai"}};
  const auto merged = merge_aliases(existing, added);
  REQUIRE(merged.size() == 2);  // case, spacing and punctuation do not make a new alias
  CHECK(merged[1].district == "Orakzai");
}

TEST_CASE("Saved aliases load back through the core's alias reader") {
  const auto path = (std::filesystem::temp_directory_path() / "zila_ui_alias_test.csv").string();
  const std::vector<AliasEntry> aliases{{"Tangi, Charsadda", "Charsadda"}, {"Kuram", "Kurram"}};
  save_aliases(path, aliases);
  const auto loaded = load_aliases(path);
  REQUIRE(loaded.size() == 2);
  CHECK(loaded[0].alias == "Tangi, Charsadda");
  CHECK(loaded[0].district == "Charsadda");
  CHECK(loaded[1].alias == "Kuram");
  std::filesystem::remove(path);
}
