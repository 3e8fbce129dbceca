#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace byom::fuzz {

/// A file in $TMPDIR that a fuzz target rewrites with each input, for loaders that only read
/// from a path. Created once per process (mkstemp), removed at exit.
class FuzzFile {
public:
    explicit FuzzFile(const std::string& suffix) {
        const char* dir = std::getenv("TMPDIR");
        std::string templ = std::string(dir && *dir ? dir : "/tmp") + "/byom-fuzz-XXXXXX" + suffix;
        const int fd = ::mkstemps(templ.data(), static_cast<int>(suffix.size()));
        if (fd < 0) {
            std::perror("mkstemps");
            std::abort();
        }
        ::close(fd);
        m_path = templ;
    }
    ~FuzzFile() { std::remove(m_path.c_str()); }
    FuzzFile(const FuzzFile&) = delete;
    FuzzFile& operator=(const FuzzFile&) = delete;

    /// Replaces the file's contents with `size` bytes at `data`.
    const std::string& write(const std::uint8_t* data, std::size_t size) {
        std::FILE* f = std::fopen(m_path.c_str(), "wb");
        if (!f || (size && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
            std::perror(m_path.c_str());
            std::abort();
        }
        return m_path;
    }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

}  // namespace byom::fuzz
