#pragma once
// Reading a proposal submission: a TOML proposal file and/or command-line values, validated
// strictly, every problem named with file:line:column and the key.

#include "echo/domain/proposal.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace echo::proposal {

// Top-level keys, [lead] keys and [[team]] keys a proposal file may have.
const std::vector<std::string>& file_keys();
const std::vector<std::string>& lead_keys();
const std::vector<std::string>& team_keys();
const std::vector<std::string>& cadences();

// Values given on the command line; each set one replaces what the file says.
struct SubmitFlags {
  std::optional<std::string> title;
  std::optional<std::string> summary;
  std::vector<std::string> audience;   // --audience (repeatable); non-empty replaces the file's list
  std::vector<std::string> objectives; // --objective (repeatable); likewise
  std::optional<int> sessions;
  std::optional<std::string> cadence;
  std::optional<std::string> start;
  std::optional<double> credit_hours;
  std::optional<std::string> lead_name;
  std::optional<std::string> lead_email;
  std::optional<std::string> lead_organization;
  std::vector<std::string> team; // --team "NAME <EMAIL> ROLE" (repeatable); non-empty replaces the file's team
};

struct SourceText {
  std::string text;
  std::string name; // file name used in messages
};

// Parses and validates the file's content (when given), then applies the flags and checks the
// required values (title, lead name, lead email). Errors list every problem:
//  - Error(data) for a bad file (syntax, unknown key with a did-you-mean, wrong type, invalid
//    value, missing required key), each as FILE:LINE:COL: message;
//  - Error(usage) when, without a file, a required flag is missing;
//  - Error(data) for an invalid flag value (bad email, 0 sessions, bad --team).
domain::ProposalDraft read_submission(const std::optional<SourceText>& file, const SubmitFlags& flags);

// One --team value: "NAME", "NAME <EMAIL>" or "NAME <EMAIL> ROLE". Error(data) when malformed.
domain::TeamMember parse_team_spec(std::string_view spec);

} // namespace echo::proposal
