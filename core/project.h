// Project: everything one scan root holds after parsing and evaluation —
// source files, resources (indexed by type) and input diagnostics. Rules
// that need the whole picture (cross-resource links) read it here.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.h"
#include "core/resource.h"
#include "core/source_file.h"

namespace palisade {

class Project {
 public:
  explicit Project(std::string root = ".") : root_(std::move(root)) {}

  const std::string& root() const { return root_; }

  // Room for this many more files and resources, so adding them moves nothing.
  void reserve(std::size_t files, std::size_t resources);
  void addFile(SourceFilePtr file) { files_.push_back(std::move(file)); }
  void addResource(Resource resource);
  void addDiagnostic(Diagnostic diagnostic) { diagnostics_.push_back(std::move(diagnostic)); }
  // Builds the indexes; call once all resources are in.
  void finalize();

  // Moves the resources out, leaving the project without any (and without indexes):
  // a scan session (scan/scan_session.h) keeps them for its next project.
  std::vector<Resource> takeResources();

  const std::vector<SourceFilePtr>& files() const { return files_; }
  const std::vector<Resource>& resources() const { return resources_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  // Resources of one type (case-insensitive for Azure types), in input order.
  std::vector<const Resource*> ofType(std::string_view type) const;
  // Kubernetes/Calico objects of a kind, optionally restricted to a namespace.
  std::vector<const Resource*> ofKind(std::string_view kind) const;
  const Resource* findNamed(std::string_view kind, std::string_view namespace_name, std::string_view name) const;

  // Facts derived from the whole finished project — Calico's policy views,
  // say — built by `Facts(const Project&, how...)` the first time any rule
  // asks and shared by every rule and thread after that, instead of each rule
  // re-deriving them for every resource. `how` (threads to build with, say)
  // may change how they are built, never what they hold. finalize() forgets them.
  template <typename Facts, typename... How>
  const Facts& derived(const How&... how) const {
    static const std::size_t slot = nextDerivedSlot();
    if (const void* ready = derived_->ready[slot].load(std::memory_order_acquire)) return *static_cast<const Facts*>(ready);
    return *static_cast<const Facts*>(buildDerivedFacts(
        slot, [&] { return std::shared_ptr<const void>(std::make_shared<const Facts>(*this, how...)); }));
  }

 private:
  // Checks ask for their facts once per resource: the answer after the
  // first is one atomic load, inline, no lock.
  static constexpr std::size_t kDerivedSlots = 16;
  struct DerivedFacts {
    std::array<std::atomic<const void*>, kDerivedSlots> ready{};
    std::recursive_mutex building;  // one set of facts may be derived from another
    std::array<std::shared_ptr<const void>, kDerivedSlots> owned;
  };
  static std::size_t nextDerivedSlot();
  const void* buildDerivedFacts(std::size_t slot, const std::function<std::shared_ptr<const void>()>& build) const;

  std::string root_;
  std::vector<SourceFilePtr> files_;
  std::vector<Resource> resources_;
  std::vector<Diagnostic> diagnostics_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_type_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_kind_;
  std::unique_ptr<DerivedFacts> derived_ = std::make_unique<DerivedFacts>();
};

}  // namespace palisade
