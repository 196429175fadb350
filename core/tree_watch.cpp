#include "core/tree_watch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace palisade {

namespace {

constexpr uint32_t kWatchedEvents = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY | IN_CLOSE_WRITE |
                                    IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

std::string_view parentOf(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash == 0 ? 1 : slash);
}

}  // namespace

TreeWatch::TreeWatch() : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

TreeWatch::~TreeWatch() {
  if (fd_ >= 0) ::close(fd_);
}

void TreeWatch::watch(const std::string& folder) {
  if (fd_ < 0 || covered_.count(folder) || pending_.count(folder)) return;
  int wd = ::inotify_add_watch(fd_, folder.c_str(), kWatchedEvents);
  if (wd < 0) {  // the limit of watches, or gone: left uncovered, so always "may have changed"
    refused_ = true;
    return;
  }
  folder_of_[wd] = folder;
  pending_.insert(folder);
}

void TreeWatch::drain() {
  changed_folders_.clear();
  changed_files_.clear();
  everything_ = fd_ < 0 || distrust_.exchange(false);
  if (fd_ >= 0) {
    alignas(inotify_event) char buffer[64 * 1024];
    while (true) {
      ssize_t got = ::read(fd_, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;  // EAGAIN: nothing more queued
      for (char* at = buffer; at < buffer + got;) {
        const auto* event = reinterpret_cast<const inotify_event*>(at);
        at += sizeof(inotify_event) + event->len;
        if (event->mask & IN_Q_OVERFLOW) {
          everything_ = true;
          continue;
        }
        auto folder = folder_of_.find(event->wd);
        if (folder == folder_of_.end()) continue;
        if (event->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)) {
          // The folder itself went (its parent's listing changed too): no longer covered.
          changed_folders_.insert(folder->second);
          covered_.erase(folder->second);
          pending_.erase(folder->second);
          if (event->mask & IN_IGNORED) {
            folder_of_.erase(folder);
          } else if (event->mask & IN_MOVE_SELF) {
            ::inotify_rm_watch(fd_, event->wd);  // it watches the folder at its new place: drop it (IN_IGNORED follows)
          }
          continue;
        }
        std::string path = folder->second == "/" ? "/" : folder->second + '/';
        path.append(event->name, ::strnlen(event->name, event->len));
        if (event->mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)) changed_folders_.insert(folder->second);
        changed_files_.insert(std::move(path));
      }
    }
  }
  covered_.merge(pending_);
  pending_.clear();
}

bool TreeWatch::folderMayHaveChanged(const std::string& folder) const {
  return everything_ || !covered_.count(folder) || changed_folders_.count(folder);
}

bool TreeWatch::fileMayHaveChanged(std::string_view path) const {
  if (everything_) return true;
  if (!covered_.count(parentOf(path))) return true;
  return changed_files_.count(path) != 0;
}

}  // namespace palisade
