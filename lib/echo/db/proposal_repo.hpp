#pragma once
// SQL of proposals: the proposal, its team, its status history and review scores, and the
// writes that converting one into a series needs. Writers must run inside Database::write.

#include "echo/db/database.hpp"
#include "echo/domain/proposal.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::db {

// Inserts the proposal (status submitted) and its team; returns the new id.
std::int64_t insert_proposal(Database& db, const domain::ProposalDraft& draft, const std::string& now);
// Appends one status change to the proposal's history.
void insert_proposal_event(Database& db, std::int64_t proposal_id, const domain::ProposalEvent& event);
// The proposal's status; nullopt when there is no such proposal.
std::optional<std::string> proposal_status(Database& db, std::int64_t proposal_id);
void set_proposal_status(Database& db, std::int64_t proposal_id, const std::string& status, const std::string& now);
// Adds or replaces one reviewer's score on one criterion.
void upsert_proposal_score(Database& db, std::int64_t proposal_id, const domain::ProposalScore& score);

// Everything about one proposal (team, history oldest first, scores); nullopt when none.
std::optional<domain::Proposal> load_proposal(Database& db, std::int64_t proposal_id);
// Proposals by id, optionally only those in `status`, with the code of their series.
std::vector<domain::ProposalSummary> list_proposals(Database& db, const std::optional<std::string>& status);

// A series created from a proposal. Columns as in the series table (migration 1 and 2).
// True when a series already has this code.
bool series_code_exists(Database& db, const std::string& code);
// Links both ways: proposal.series_id and series.proposal_id.
void link_proposal_series(Database& db, std::int64_t proposal_id, std::int64_t series_id, const std::string& now);

} // namespace echo::db
