#pragma once
// The mapping file of `evaluation import` (TOML): which column of a survey export is the email,
// which the profession, and which are items, each with its outcome level, scale, answer labels
// and phase. Strictly validated: every problem is reported at its file:line:column. And the
// scoring rules: what an answer scores on its item's scale.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace echo::evaluation {

enum class Scale { likert5, yesno, zero_ten, text };

// "likert5", "yesno", "0-10", "text"
std::string_view scale_name(Scale scale);
std::optional<Scale> parse_scale(std::string_view text);

// The outcome levels after Moore's framework, as the mapping file names them.
const std::vector<std::string>& levels();

struct Item {
  std::string column;              // the export's column header
  std::string id;                  // the item's id in reports
  std::string level;               // one of levels(); empty for free text without a level
  Scale scale = Scale::likert5;    //
  std::vector<std::string> labels; // answer texts in scale order (empty: the scale's codes)
  std::string phase = "post";      // pre | post
  std::string where;               // file:line:column of the [[item]] table
  std::string column_where;        // file:line:column of its column value
};

struct Map {
  std::string file;
  std::optional<std::string> email;      // column of the respondent's email (absent: anonymous)
  std::optional<std::string> profession; // column of the respondent's profession
  std::string email_where, profession_where;
  std::vector<Item> items;
};

// Parses and validates a mapping file's text. Error(data) listing every problem at
// file:line:column: TOML syntax, unknown keys, missing or wrong-typed values, unknown level,
// scale or phase, label counts, duplicate ids or columns.
Map parse_map(std::string_view text, const std::string& file);
// Reads a mapping file: Error(no_input) when unreadable, else as parse_map.
Map read_map(const std::filesystem::path& path);

// What an answer is worth on its item's scale.
enum class AnswerKind {
  blank,   // empty after trimming: not answered
  scored,  // value holds the score
  text,    // a free-text answer
  invalid, // outside the labels (or codes) of the scale
};
struct Score {
  AnswerKind kind = AnswerKind::blank;
  double value = 0;
};

// Scoring rules. likert5: the n-th label (or code n, 1..5, without labels) scores n. yesno: the
// first label scores 0, the second 1 (default labels No, Yes; codes 0 and 1 also read without
// labels). 0-10: the n-th label scores n-1 (codes 0..10 without labels). Labels compare after
// trimming, case-insensitively. text: any non-blank answer is text.
Score score(const Item& item, std::string_view answer);
// The answers an item takes, for messages: "\"Strongly disagree\", ..., \"Strongly agree\"" or "1..5".
std::string expected_answers(const Item& item);
// Number of score points of a scale (likert5 5, yesno 2, 0-10 11, text 0); the score of point i
// is i + lowest_score(scale).
std::size_t points(Scale scale);
int lowest_score(Scale scale);

} // namespace echo::evaluation
