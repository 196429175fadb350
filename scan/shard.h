// Sharding a batch audit: which repositories shard I of N takes. A
// repository's shard depends only on its own path, so shards stay stable
// when other repositories are added or removed, and every repository lands
// in exactly one shard.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palisade {

struct Shard {
  std::size_t index = 1;  // 1-based
  std::size_t count = 1;
};

// "2/5" → {2, 5}; nullopt unless 1 <= I <= N.
std::optional<Shard> parseShard(std::string_view text);

// The repositories of one shard, sorted, duplicates removed.
std::vector<std::string> shardRepositories(std::vector<std::string> repositories, const Shard& shard);

// A file name per repository for its own outputs: readable, unique within the list.
std::vector<std::string> repositoryFileNames(const std::vector<std::string>& repositories);

}  // namespace palisade
