#include "echo/participant/service.hpp"

#include "echo/attendance/generic_names.hpp"
#include "echo/db/attendance_repo.hpp"
#include "echo/db/history.hpp"
#include "echo/db/lookup.hpp"
#include "echo/db/participant_repo.hpp"
#include "echo/util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <tuple>

namespace echo::participant {

namespace {

std::string checked_email(const std::string& text) {
  const auto email = util::normalize_email(text);
  if (!util::looks_like_email(email)) throw Error(Exit::data, fmt::format("'{}' is not an email address", text));
  return email;
}

std::optional<std::string> non_empty(const std::string& s) {
  auto t = util::trim(s);
  if (t.empty()) return std::nullopt;
  return t;
}

} // namespace

domain::Participant checked(const AddRequest& o) {
  const auto name = util::trim(o.name);
  if (name.empty()) throw Error(Exit::usage, "--name must not be empty");
  domain::Participant p;
  p.name = name;
  if (!o.email.empty()) p.email = checked_email(o.email);
  p.profession = non_empty(o.profession);
  p.organization = non_empty(o.organization);
  p.region = non_empty(o.region);
  p.rural = o.rural;
  return p;
}

domain::Participant add(db::Database& database, const AddRequest& o) {
  auto p = checked(o);
  p.id = database.write([&] {
    db::ParticipantRepo repo(database);
    if (p.email)
      if (auto existing = repo.by_email(*p.email))
        throw Error(Exit::failure, fmt::format("participant {} already has the email {}", *existing, *p.email));
    const auto id = repo.insert(p);
    // The log holds ids, not personal data: `participant remove` can then forget a person.
    db::audit(database, o.actor, "participant.add", "participant", id, "", "{}");
    return id;
  });
  return p;
}

void update(db::Database& database, const UpdateRequest& o) {
  database.write([&] {
    const auto id = db::find_participant(database, o.who);
    db::ParticipantRepo repo(database);
    const auto before = *repo.get(id);
    auto p = before;
    if (o.name) {
      const auto name = util::trim(*o.name);
      if (name.empty()) throw Error(Exit::usage, "--name must not be empty");
      p.name = name;
    }
    if (o.email) {
      if (util::trim(*o.email).empty()) {
        p.email.reset();
      } else {
        const auto email = checked_email(*o.email);
        if (auto owner = repo.by_email(email); owner && *owner != id)
          throw Error(Exit::failure, fmt::format("the email {} already belongs to participant {}", email, *owner));
        p.email = email;
      }
    }
    if (o.profession) p.profession = non_empty(*o.profession);
    if (o.organization) p.organization = non_empty(*o.organization);
    if (o.region) p.region = non_empty(*o.region);
    if (o.rural) p.rural = *o.rural;
    nlohmann::ordered_json fields = nlohmann::ordered_json::array();
    if (p.name != before.name) fields.push_back("name");
    if (p.email != before.email) fields.push_back("email");
    if (p.profession != before.profession) fields.push_back("profession");
    if (p.organization != before.organization) fields.push_back("organization");
    if (p.region != before.region) fields.push_back("region");
    if (p.rural != before.rural) fields.push_back("rural");
    if (fields.empty()) return; // nothing changes: nothing to log or undo
    repo.update(p);
    db::audit(database, o.actor, "participant.update", "participant", id, "",
              nlohmann::ordered_json{{"fields", fields}}.dump());
  });
}

MergeResult merge(db::Database& database, const MergeRequest& o) {
  return database.write([&] {
    const auto from = db::find_participant(database, o.from);
    const auto into = db::find_participant(database, o.into);
    if (from == into) throw Error(Exit::failure, fmt::format("{} and {} are the same participant", o.from, o.into));
    db::ParticipantRepo repo(database);
    db::AttendanceRepo att(database);
    const auto c = repo.merge(from, into);
    // Sessions both attended: minutes from the union of every interval now on the kept row.
    att.recompute_minutes_for_participant(into);
    nlohmann::ordered_json details = {{"from", from},
                                      {"into", into},
                                      {"attendance_moved", c.attendance_moved},
                                      {"attendance_merged", c.attendance_merged},
                                      {"roles_moved", c.roles_moved},
                                      {"cases_moved", c.cases_moved}};
    db::audit(database, o.actor, "participant.merge", "participant", into, o.reason, details.dump());
    return MergeResult{c.attendance_moved, c.attendance_merged, c.roles_moved, c.cases_moved};
  });
}

AliasResult checked(const AliasRequest& o) {
  AliasResult r;
  r.value = util::trim(o.alias);
  if (r.value.empty()) throw Error(Exit::usage, "the alias must not be empty");
  r.email = r.value.find('@') != std::string::npos;
  if (r.email && !util::looks_like_email(util::normalize_email(r.value)))
    throw Error(Exit::data, fmt::format("'{}' is not an email address", r.value));
  if (!r.email && attendance::is_generic_name(r.value, o.generic_names))
    throw Error(Exit::data, fmt::format("'{}' is a generic name (a phone caller, device or room): as an alias it "
                                        "would credit whoever joins under it next",
                                        r.value));
  return r;
}

AliasResult add_alias(db::Database& database, const AliasRequest& o) {
  auto r = checked(o);
  r.added = database.write([&] {
    const auto id = db::find_participant(database, o.who);
    db::ParticipantRepo repo(database);
    const bool added = repo.add_alias(id, r.email ? "email" : "name", r.value);
    if (added)
      db::audit(database, o.actor, "participant.alias", "participant", id, "",
                nlohmann::ordered_json{{"kind", r.email ? "email" : "name"}}.dump());
    return added;
  });
  return r;
}

RemoveResult remove(db::Database& database, const RemoveRequest& o) {
  return database.write([&] {
    const auto id = db::find_participant(database, o.who);
    db::ParticipantRepo repo(database);
    const auto d = repo.dependents(id);
    RemoveResult r{id, o.anonymise, d.attendance};
    if (!o.anonymise && (d.attendance || d.roles || d.cases))
      throw Error(Exit::failure,
                  fmt::format("participant {} has {} attendance row{}, {} session role{} and {} case{}: removing them "
                              "would change the figures; --anonymise keeps those rows without the personal data",
                              id, d.attendance, d.attendance == 1 ? "" : "s", d.roles, d.roles == 1 ? "" : "s", d.cases,
                              d.cases == 1 ? "" : "s"));
    if (o.anonymise)
      repo.anonymise(id);
    else
      repo.remove(id);
    db::forget_participant_history(database, id);
    // No name or email here: the entry records that a person was removed, not who.
    nlohmann::json details = {{"anonymised", o.anonymise}, {"attendance_kept", o.anonymise ? d.attendance : 0}};
    db::audit(database, o.actor, "participant.remove", "participant", id, o.reason, details.dump());
    return r;
  });
}

namespace {

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : util::name_key(text) + " ") {
    if ((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80) {
      word += c;
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  return out;
}

std::string local_part(const std::optional<std::string>& email) {
  if (!email) return {};
  return email->substr(0, email->find('@'));
}

std::string domain_of(const std::optional<std::string>& email) {
  if (!email) return {};
  const auto at = email->find('@');
  return at == std::string::npos ? std::string() : email->substr(at + 1);
}

// "a.lee", "alee", "alice.lee", "alicelee", "lee.alice", "alice_lee2" for Alice Lee.
bool local_part_names(const std::string& local, const std::string& name) {
  const auto l = words_of(local);
  const auto n = words_of(name);
  if (l.empty() || n.size() < 2) return false;
  const auto& first = n.front();
  const auto& last = n.back();
  std::string joined;
  for (const auto& w : l) joined += w;
  return joined == first + last || joined == last + first || joined == first.substr(0, 1) + last ||
         joined == last + first.substr(0, 1) || (l.size() == 2 && l[0] == first && l[1] == last);
}

} // namespace

std::vector<Duplicate> duplicates(db::Database& database) {
  db::ParticipantRepo repo(database);
  const auto people = database.read([&] { return repo.list(""); });
  std::vector<Duplicate> out;
  const auto add = [&](const domain::Participant& x, const domain::Participant& y, std::string reason) {
    out.push_back(x.id < y.id ? Duplicate{x, y, std::move(reason)} : Duplicate{y, x, std::move(reason)});
  };
  // The same name: one group per folded name (list() orders by it).
  std::map<std::string, std::vector<const domain::Participant*>> by_name;
  std::vector<const domain::Participant*> nameless;
  for (const auto& p : people) {
    const auto key = util::name_key(p.name);
    if (key.empty()) {
      if (p.email) nameless.push_back(&p);
    } else {
      by_name[key].push_back(&p);
    }
  }
  for (const auto& [key, group] : by_name)
    for (std::size_t i = 0; i < group.size(); ++i)
      for (std::size_t j = i + 1; j < group.size(); ++j) {
        const auto da = domain_of(group[i]->email);
        const auto db_ = domain_of(group[j]->email);
        add(*group[i], *group[j],
            !da.empty() && !db_.empty() && da != db_ ? "same name, different domain" : "same name");
      }
  // A nameless participant (a schedule's presenter known by email) against every named one.
  for (const auto* n : nameless) {
    const auto local = local_part(n->email);
    for (const auto& [key, group] : by_name)
      for (const auto* named : group)
        if (local_part_names(local, named->name) || local == local_part(named->email))
          add(*n, *named, "email matches name");
  }
  std::sort(out.begin(), out.end(),
            [](const Duplicate& x, const Duplicate& y) { return std::tie(x.a.id, x.b.id) < std::tie(y.a.id, y.b.id); });
  return out;
}

} // namespace echo::participant
