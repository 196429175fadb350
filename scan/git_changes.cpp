#include "scan/git_changes.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <vector>

namespace palisade {

namespace fs = std::filesystem;

namespace {

struct ProcessOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a program (no shell) and collects its standard output and error.
ProcessOutput run(const std::vector<std::string>& argv) {
  ProcessOutput result;
  // Built before fork: the child may only call async-signal-safe functions.
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int out_pipe[2];
  int err_pipe[2];
  if (pipe(out_pipe) != 0) return result;
  if (pipe(err_pipe) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return result;
  }
  pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    return result;
  }
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  std::array<pollfd, 2> fds{pollfd{out_pipe[0], POLLIN, 0}, pollfd{err_pipe[0], POLLIN, 0}};
  std::array<std::string*, 2> sinks{&result.out, &result.err};
  int open_count = 2;
  std::array<char, 65536> buffer{};
  while (open_count > 0) {
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = read(fds[i].fd, buffer.data(), buffer.size());
      if (n > 0) {
        sinks[i]->append(buffer.data(), static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  for (const pollfd& p : fds) {
    if (p.fd >= 0) close(p.fd);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string firstLine(std::string text) {
  if (auto eol = text.find('\n'); eol != std::string::npos) text.erase(eol);
  return text;
}

std::string gitProblem(const ProcessOutput& p, std::string_view what) {
  if (p.exit_code == 127) return "git is not installed (diff mode needs it)";
  std::string detail = firstLine(p.err);
  return detail.empty() ? std::string(what) : fmt::format("{}: {}", what, detail);
}

}  // namespace

std::variant<ChangedLines, std::string> changedLinesSince(const std::string& ref, const fs::path& scan_root) {
  if (ref.empty() || ref.starts_with("-")) return fmt::format("--diff-base '{}' is not a git ref", ref);
  std::string root = scan_root.string();
  std::vector<std::string> git = {"git", "-C", root, "-c", "core.quotepath=off"};
  auto with = [&](std::initializer_list<std::string> args) {
    std::vector<std::string> argv = git;
    argv.insert(argv.end(), args);
    return argv;
  };

  ProcessOutput top = run(with({"rev-parse", "--show-toplevel"}));
  if (top.exit_code != 0) return gitProblem(top, fmt::format("{} is not in a git repository", root));
  fs::path top_dir = firstLine(top.out);

  ProcessOutput base = run(with({"merge-base", ref, "HEAD"}));
  if (base.exit_code != 0) {
    return gitProblem(base, fmt::format("no merge base of '{}' and HEAD (is the ref fetched? in CI, fetch with depth 0)", ref));
  }
  std::string base_commit = firstLine(base.out);

  std::error_code ec;
  fs::path canonical_root = fs::weakly_canonical(scan_root, ec);
  fs::path canonical_top = fs::weakly_canonical(top_dir, ec);
  std::string prefix = canonical_root.lexically_relative(canonical_top).generic_string();
  if (prefix == ".") prefix.clear();

  ProcessOutput diff = run({"git", "-C", canonical_top.string(), "-c", "core.quotepath=off", "diff", "--unified=0",
                            "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/",
                            "--find-renames", base_commit, "--"});
  if (diff.exit_code != 0) return gitProblem(diff, "git diff failed");
  ChangedLines changed = parseUnifiedDiff(diff.out, prefix);

  ProcessOutput untracked = run({"git", "-C", canonical_top.string(), "ls-files", "--others", "--exclude-standard", "-z"});
  if (untracked.exit_code != 0) return gitProblem(untracked, "git ls-files failed");
  std::string prefix_slash = prefix.empty() ? "" : prefix + "/";
  std::size_t start = 0;
  while (start < untracked.out.size()) {
    std::size_t end = untracked.out.find('\0', start);
    if (end == std::string::npos) end = untracked.out.size();
    std::string path = untracked.out.substr(start, end - start);
    if (path.starts_with(prefix_slash)) changed.whole_files.insert(path.substr(prefix_slash.size()));
    start = end + 1;
  }
  return changed;
}

}  // namespace palisade
