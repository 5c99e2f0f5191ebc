// tokensvc worker process: connects to the session store, jails itself,
// installs its signal handlers and buffers client frames.
#include <libpq-fe.h>
#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace tokensvc {

namespace {
volatile std::sig_atomic_t g_shutdown = 0;

extern "C" void on_term(int) {
    // techlead-safe
    g_shutdown = 1;
}

extern "C" void on_usr1(int) {
    // techlead-expect: cpp-signal-handler-unsafe-call
    std::cerr << "dumping connection table" << std::endl;
}
}  // namespace

void print_shutdown_banner() {
    // techlead-safe
    std::cerr << "tokensvc worker stopping" << std::endl;
}

void install_handlers() {
    std::signal(SIGTERM, on_term);
    std::signal(SIGUSR1, on_usr1);
}

PGconn *connect_session_store(const std::string &host) {
    const char *pw = std::getenv("SESSION_DB_PASSWORD");
    if (pw == nullptr) throw std::runtime_error("SESSION_DB_PASSWORD is not set");
    // techlead-safe
    return PQsetdbLogin(host.c_str(), "5432", nullptr, nullptr, "sessions", "tokensvc", pw);
}

PGconn *connect_reporting_store() {
    // techlead-expect: cpp-hardcoded-credential
    return PQconnectdb("host=reports.internal dbname=reports user=report password=rep0rts-ro");
}

void jail(const std::string &dir) {
    // techlead-safe
    if (::chroot(dir.c_str()) != 0 || ::chdir("/") != 0)
        throw std::system_error(errno, std::generic_category(), "jail");
}

void jail_scratch(const std::string &dir) {
    // techlead-expect: cpp-chroot-without-chdir
    if (::chroot(dir.c_str()) != 0)
        throw std::system_error(errno, std::generic_category(), "chroot");
}

class FrameBuffer {
public:
    ~FrameBuffer() { std::free(data_); }

    bool reserve(std::size_t cap) {
        // techlead-safe
        auto *tmp = static_cast<char *>(std::realloc(data_, cap));
        if (tmp == nullptr) return false;
        data_ = tmp;
        cap_ = cap;
        return true;
    }

    bool grow() {
        // techlead-expect: cpp-realloc-self-assign
        data_ = static_cast<char *>(std::realloc(data_, cap_ * 2));
        cap_ *= 2;
        return data_ != nullptr;
    }

    void set_client(const std::string &client) {
        if (client.size() >= sizeof client_) throw std::length_error("client id");
        // techlead-safe
        std::memcpy(client_, client.c_str(), client.size() + 1);
    }

    void set_client_unchecked(const std::string &client) {
        // techlead-expect: cpp-strncpy-source-length
        std::strncpy(client_, client.c_str(), client.size() + 1);
    }

    void wipe_frame(char *frame, std::size_t len) {
        // techlead-safe
        std::memset(frame, 0, len);
    }

    void wipe_frame_quick(char *frame) {
        // techlead-expect: cpp-sizeof-pointer
        std::memset(frame, 0, sizeof(frame));
    }

private:
    char *data_ = nullptr;
    std::size_t cap_ = 0;
    char client_[48] = {};
};

}  // namespace tokensvc
