// imgsvc: converts uploaded images with ImageMagick and caches the results.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace imgsvc {

constexpr std::size_t kNameLen = 64;
constexpr std::size_t kMaxFrames = 256;

struct Frame {
    char label[kNameLen];
    unsigned width;
    unsigned height;
};

class Converter {
public:
    explicit Converter(std::string cacheDir) : cacheDir_(std::move(cacheDir)) {}

    int convert(const std::string& src, const std::string& format)
    {
        std::string cmd = "convert " + src + " out." + format;
        // techlead-expect: cpp-system-command-injection
        int rc = std::system(cmd.c_str());
        // techlead-safe
        rc |= std::system("sync");
        // techlead-expect: cpp-exec-shell-c
        execl("/bin/sh", "sh", "-c", cmd.c_str(), (char*)nullptr);
        // techlead-safe
        execlp("convert", "convert", src.c_str(), ("out." + format).c_str(), (char*)nullptr);
        return rc;
    }

    FILE* thumbnails(const char* pattern)
    {
        char cmd[256];
        // techlead-expect: cpp-sprintf
        sprintf(cmd, "ls %s", pattern);
        // techlead-safe
        std::snprintf(cmd, sizeof cmd, "ls %s", pattern);
        // techlead-expect: cpp-system-command-injection
        return popen(cmd, "r");
    }

    void label(Frame& f, const char* text)
    {
        // techlead-expect: cpp-strcpy
        std::strcpy(f.label, text);
        // techlead-safe
        std::snprintf(f.label, sizeof f.label, "%s", text);
        // techlead-expect: cpp-strncat-sizeof-dest
        strncat(f.label, "-thumb", sizeof(f.label));
    }

    unsigned char* pixels(const Frame& f)
    {
        // techlead-expect: cpp-malloc-multiplication-overflow
        auto* buf = static_cast<unsigned char*>(std::malloc(f.width * f.height * 4));
        // techlead-safe
        auto* row = static_cast<unsigned char*>(std::calloc(f.width, 4));
        std::free(row);
        return buf;
    }

    std::vector<Frame> frames(std::size_t count)
    {
        // techlead-safe
        std::vector<Frame> out(count);
        // techlead-safe
        auto* fixed = static_cast<Frame*>(std::malloc(kMaxFrames * sizeof(Frame)));
        std::free(fixed);
        return out;
    }

    char* cacheKey(const char* name)
    {
        // techlead-expect: cpp-malloc-strlen-no-nul
        char* key = static_cast<char*>(malloc(strlen(name)));
        // techlead-safe
        char* ok = strdup(name);
        std::free(key);
        return ok;
    }

    int openCache(const std::string& name)
    {
        std::string path = cacheDir_ + "/" + name;
        // techlead-expect: cpp-access-toctou
        if (access(path.c_str(), F_OK) == 0) {
            unlink(path.c_str());
        }
        // techlead-safe
        int fd = open(path.c_str(), O_CREAT | O_WRONLY, 0666);
        // techlead-expect: cpp-permissive-file-mode
        chmod(path.c_str(), 0666);
        return fd;
    }

    int openCacheSafe(const std::string& name)
    {
        std::string path = cacheDir_ + "/" + name;
        // techlead-safe
        return open(path.c_str(), O_CREAT | O_WRONLY | O_EXCL | O_NOFOLLOW, 0600);
    }

    void log(const char* msg)
    {
        // techlead-expect: cpp-format-string
        std::printf(msg);
        // techlead-safe
        std::printf("%s\n", msg);
    }

private:
    std::string cacheDir_;
};

}  // namespace imgsvc
