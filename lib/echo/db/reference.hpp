#pragma once
// The config's reference data ([[regions]], [professions], [[competencies]]) as TEMP tables of
// the connection, so that the outcome reports group participants by canonical profession and
// configured region in set-based SQL.

#include "echo/config/config.hpp"
#include "echo/db/database.hpp"

namespace echo::db {

// (Re)creates on this connection:
//   temp.region_info(region PRIMARY KEY, population, providers, rural, position): one row per
//     [[regions]] entry, position = its order in the config (0-based);
//   temp.competency_info(code PRIMARY KEY, title, position): one row per [[competencies]] entry;
//   temp.region_ref(key, region), temp.profession_ref(key, profession): spellings (util::label_key)
//     -> configured name;
//   temp.participant_ref(participant_id, profession, region, organization, rural), a view:
//     profession: the canonical name when the participant's spelling is a configured one (an
//       alias or the name itself, ignoring case, accents, spaces and punctuation), else as written,
//       trimmed; NULL when blank;
//     region: the configured region the value names (name or alias, same comparison), NULL
//       when it names none; when no region is configured, the value as written, trimmed (NULL
//       when blank);
//     organization: trimmed, NULL when blank; rural: 0/1 as stored.
// Touches no table of the database itself, so it is allowed on a read-only connection.
void load_reference(Database& db, const config::Config& config);

} // namespace echo::db
