// imgsvc upload handler: reads the multipart header, names the stored file and
// records the upload in the audit log.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <syslog.h>

namespace imgsvc {

constexpr std::size_t kMaxName = 128;

struct Upload {
    char name[kMaxName];
    char user[64];
    std::size_t size;
};

void audit(const Upload& u, const char* note)
{
    // techlead-expect: cpp-format-string
    syslog(LOG_NOTICE, note);
    // techlead-safe
    syslog(LOG_NOTICE, "upload %s by %s (%zu bytes)", u.name, u.user, u.size);
}

void storedPath(char* out, const Upload& u)
{
    // techlead-expect: cpp-sprintf
    sprintf(out, "/srv/uploads/%s/%s", u.user, u.name);
    // techlead-safe
    std::snprintf(out, 256, "/srv/uploads/%s/%s", u.user, u.name);
}

void setName(Upload& u, const char* raw)
{
    // techlead-expect: cpp-strcpy
    strcat(u.name, raw);
    // techlead-safe
    std::strncpy(u.name, raw, sizeof u.name - 1);
    u.name[sizeof u.name - 1] = '\0';
}

std::string readUser()
{
    char line[64];
    // techlead-expect: cpp-gets
    gets(line);
    // techlead-safe
    if (std::fgets(line, sizeof line, stdin) == nullptr)
        return {};
    return line;
}

int prepareDir(const std::string& user)
{
    std::string dir = "/srv/uploads/" + user;
    // techlead-safe
    return mkdir(dir.c_str(), 0750);
}

int parseHeader(const char* header, Upload& u)
{
    // techlead-safe
    return std::sscanf(header, "name=%127s size=%zu", u.name, &u.size);
}

}  // namespace imgsvc
