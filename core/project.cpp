#include "core/project.h"

#include <stdexcept>
#include <unordered_map>

#include "core/ascii.h"

namespace palisade {

void Project::reserve(std::size_t files, std::size_t resources) {
  files_.reserve(files_.size() + files);
  resources_.reserve(resources_.size() + resources);
}

void Project::addResource(Resource resource) { resources_.push_back(std::move(resource)); }

std::vector<Resource> Project::takeResources() {
  std::vector<Resource> out = std::move(resources_);
  resources_.clear();
  finalize();
  return out;
}

void Project::finalize() {
  derived_ = std::make_unique<DerivedFacts>();
  by_type_.clear();
  by_kind_.clear();
  // Thousands of resources share a few dozen types, mostly written alike: each spelling is lowered once.
  std::unordered_map<std::string_view, std::vector<std::size_t>*> list_of_spelling;
  for (std::size_t i = 0; i < resources_.size(); ++i) {
    auto [spelling, added] = list_of_spelling.try_emplace(resources_[i].type, nullptr);
    if (added) spelling->second = &by_type_[lowerAscii(resources_[i].type)];
    spelling->second->push_back(i);
    if (!resources_[i].kind.empty()) by_kind_[resources_[i].kind].push_back(i);
  }
}

std::vector<const Resource*> Project::ofType(std::string_view type) const {
  std::vector<const Resource*> out;
  auto it = by_type_.find(lowerAscii(type));
  if (it == by_type_.end()) return out;
  for (std::size_t i : it->second) out.push_back(&resources_[i]);
  return out;
}

std::vector<const Resource*> Project::ofKind(std::string_view kind) const {
  std::vector<const Resource*> out;
  auto it = by_kind_.find(std::string(kind));
  if (it == by_kind_.end()) return out;
  for (std::size_t i : it->second) out.push_back(&resources_[i]);
  return out;
}

const Resource* Project::findNamed(std::string_view kind, std::string_view namespace_name, std::string_view name) const {
  auto it = by_kind_.find(std::string(kind));
  if (it == by_kind_.end()) return nullptr;
  for (std::size_t i : it->second) {
    const Resource& r = resources_[i];
    if (r.name == name && r.namespace_name == namespace_name) return &r;
  }
  return nullptr;
}

std::size_t Project::nextDerivedSlot() {
  static std::atomic<std::size_t> next{0};
  std::size_t slot = next++;
  if (slot >= kDerivedSlots) throw std::logic_error("Project::derived: more kinds of facts than kDerivedSlots");
  return slot;
}

const void* Project::buildDerivedFacts(std::size_t slot, const std::function<std::shared_ptr<const void>()>& build) const {
  std::lock_guard lock(derived_->building);  // another thread may have built them meanwhile: checked below
  if (!derived_->owned[slot]) {
    derived_->owned[slot] = build();
    derived_->ready[slot].store(derived_->owned[slot].get(), std::memory_order_release);
  }
  return derived_->owned[slot].get();
}

}  // namespace palisade
