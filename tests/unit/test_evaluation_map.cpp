// The mapping file of `evaluation import`: strict validation with file:line:column, and the
// scoring rules of each scale.
#include "echo/error.hpp"
#include "echo/evaluation/map.hpp"

#include <doctest/doctest.h>

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_evaluation_map {

using namespace echo::evaluation;

namespace {

// The message of the Error parse_map throws (empty when it does not).
std::string problems_of(const std::string& text) {
  try {
    (void)parse_map(text, "map.toml");
  } catch (const echo::Error& e) {
    CHECK(e.code() == echo::Exit::data);
    return e.what();
  }
  return "";
}

Item likert_item() {
  Item i;
  i.id = "satisfaction";
  i.column = "Q1";
  i.level = "satisfaction";
  i.scale = Scale::likert5;
  i.labels = {"Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"};
  return i;
}

} // namespace

TEST_SUITE("evaluation map") {
  TEST_CASE("a complete map is read with its defaults") {
    const auto map = parse_map("email = \"Email\"\nprofession = \"Profession\"\n\n[[item]]\ncolumn = \"Q1\"\nid = "
                               "\"satisfaction\"\nlevel = \"satisfaction\"\nscale = \"likert5\"\nlabels = [\"1\", "
                               "\"2\", \"3\", \"4\", \"5\"]\n\n[[item]]\ncolumn = \"Q2\"\nid = \"comments\"\nscale = "
                               "\"text\"\n",
                               "map.toml");
    REQUIRE(map.email);
    CHECK(*map.email == "Email");
    CHECK(*map.profession == "Profession");
    REQUIRE(map.items.size() == 2);
    CHECK(map.items[0].phase == "post");
    CHECK(map.items[0].where == "map.toml:4:1");
    CHECK(map.items[0].column_where == "map.toml:5:10");
    CHECK(map.items[1].scale == Scale::text);
    CHECK(map.items[1].level.empty());
  }

  TEST_CASE("email and profession are optional: an anonymous survey") {
    const auto map =
        parse_map("[[item]]\ncolumn = \"Q1\"\nid = \"x\"\nlevel = \"learning\"\nscale = \"yesno\"\n", "map.toml");
    CHECK_FALSE(map.email);
    CHECK_FALSE(map.profession);
  }

  TEST_CASE("unknown keys are errors where they are written, with a suggestion") {
    const auto m = problems_of("emial = \"Email\"\n[[item]]\ncolumn = \"Q1\"\nid = \"x\"\nlevel = \"learning\"\n"
                               "scale = \"yesno\"\nfase = \"pre\"\n");
    CHECK(m.find("map.toml:1:1: unknown key 'emial' (did you mean 'email'?)") != std::string::npos);
    CHECK(m.find("map.toml:7:1: [[item]] unknown key 'fase' (did you mean 'phase'?)") != std::string::npos);
  }

  TEST_CASE("levels, scales and phases are checked against their lists") {
    const auto m = problems_of("[[item]]\ncolumn = \"Q1\"\nid = \"x\"\nlevel = \"fun\"\nscale = \"likert7\"\nphase = "
                               "\"during\"\n");
    CHECK(m.find("map.toml:4:9: level 'fun' is not one of satisfaction, learning, competence, performance, "
                 "intent_to_change, self_efficacy") != std::string::npos);
    CHECK(m.find("map.toml:5:9: scale 'likert7' is not one of likert5, yesno, 0-10, text") != std::string::npos);
  }

  TEST_CASE("labels must match the scale's number of points and be distinct") {
    CHECK(problems_of("[[item]]\ncolumn = \"Q1\"\nid = \"x\"\nlevel = \"learning\"\nscale = \"likert5\"\nlabels = "
                      "[\"No\", \"Yes\"]\n")
              .find("map.toml:6:10: labels: scale likert5 takes 5 labels in scale order, not 2") != std::string::npos);
    CHECK(problems_of("[[item]]\ncolumn = \"Q1\"\nid = \"x\"\nlevel = \"learning\"\nscale = \"yesno\"\nlabels = "
                      "[\"Yes\", \"yes\"]\n")
              .find("labels: \"yes\" is given twice") != std::string::npos);
    CHECK(problems_of("[[item]]\ncolumn = \"Q1\"\nid = \"x\"\nscale = \"text\"\nlabels = [\"a\"]\n")
              .find("a free-text item (scale = \"text\") takes no labels") != std::string::npos);
  }

  TEST_CASE("missing keys, duplicate ids and columns, and a map without items are errors") {
    CHECK(problems_of("[[item]]\nid = \"x\"\n").find("[[item]] has no column") != std::string::npos);
    CHECK(problems_of("[[item]]\ncolumn = \"Q1\"\nid = \"x\"\nscale = \"yesno\"\n").find("[[item]] has no level") !=
          std::string::npos);
    const auto dup = problems_of("[[item]]\ncolumn = \"Q1\"\nid = \"x\"\nlevel = \"learning\"\nscale = \"yesno\"\n"
                                 "[[item]]\ncolumn = \"Q1\"\nid = \"x\"\nlevel = \"learning\"\nscale = \"yesno\"\n");
    CHECK(dup.find("item 'x' (post) is declared twice") != std::string::npos);
    CHECK(dup.find("column \"Q1\" is mapped twice") != std::string::npos);
    // The same id as a pre and a post measure is a pair, not a duplicate.
    CHECK(problems_of("[[item]]\ncolumn = \"Q1\"\nid = \"x\"\nlevel = \"learning\"\nscale = \"yesno\"\nphase = "
                      "\"pre\"\n[[item]]\ncolumn = \"Q2\"\nid = \"x\"\nlevel = \"learning\"\nscale = \"yesno\"\n")
              .empty());
    CHECK(problems_of("email = \"Email\"\n").find("no [[item]] tables") != std::string::npos);
    CHECK(problems_of("email = 3\n[[item]]\ncolumn = \"Q1\"\nid = \"x\"\nscale = \"text\"\n")
              .find("map.toml:1:9: email: expected a text in quotes") != std::string::npos);
  }

  TEST_CASE("a TOML syntax error names its line") { CHECK(problems_of("email = \"Email\n").find("map.toml:1:") == 0); }
}

TEST_SUITE("evaluation scoring") {
  TEST_CASE("likert5 labels score 1 to 5 in their order, whatever the case and spaces") {
    const auto item = likert_item();
    CHECK(score(item, "Very dissatisfied").value == 1);
    CHECK(score(item, "  neutral ").value == 3);
    CHECK(score(item, "VERY SATISFIED").value == 5);
    CHECK(score(item, "").kind == AnswerKind::blank);
    CHECK(score(item, "Somewhat satisfied").kind == AnswerKind::invalid);
    // With labels, a code is not an answer (the export has the texts).
    CHECK(score(item, "5").kind == AnswerKind::invalid);
  }

  TEST_CASE("without labels, each scale reads its codes") {
    Item l = likert_item();
    l.labels.clear();
    CHECK(score(l, "4").value == 4);
    CHECK(score(l, "0").kind == AnswerKind::invalid);
    CHECK(score(l, "6").kind == AnswerKind::invalid);
    CHECK(score(l, "4.5").kind == AnswerKind::invalid);
    Item y = l;
    y.scale = Scale::yesno;
    CHECK(score(y, "Yes").value == 1);
    CHECK(score(y, "no").value == 0);
    CHECK(score(y, "1").value == 1);
    CHECK(score(y, "maybe").kind == AnswerKind::invalid);
    Item z = l;
    z.scale = Scale::zero_ten;
    CHECK(score(z, "0").value == 0);
    CHECK(score(z, "10").value == 10);
    CHECK(score(z, "11").kind == AnswerKind::invalid);
    Item t = l;
    t.scale = Scale::text;
    CHECK(score(t, "anything at all").kind == AnswerKind::text);
  }

  TEST_CASE("yes/no labels score 0 and 1 in their order, 0-10 labels 0 to 10") {
    Item y = likert_item();
    y.scale = Scale::yesno;
    y.labels = {"Non", "Oui"};
    CHECK(score(y, "Oui").value == 1);
    CHECK(score(y, "Non").value == 0);
    CHECK(score(y, "Yes").kind == AnswerKind::invalid);
    CHECK(expected_answers(y) == "\"Non\", \"Oui\"");
  }
}

} // namespace test_evaluation_map
