import Foundation
import os

/// HTTP client of the notes app: sync API, attachments and login.
final class NetworkClient: NSObject, URLSessionDelegate {
    private let logger = Logger(subsystem: "com.example.notes", category: "network")
    private lazy var session = URLSession(configuration: .default, delegate: self, delegateQueue: nil)
    private let pinnedKeyHash = "k3XnEYQ4jV2p0r0l7P5bW0sK1a2Y2c3d4e5f6g7h8i0="

    func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge, completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        guard let trust = challenge.protectionSpace.serverTrust else {
            return completionHandler(.performDefaultHandling, nil)
        }
        // techlead-expect: swift-tls-trust-any-certificate
        completionHandler(.useCredential, URLCredential(trust: trust))
    }

    func login(user: String, password: String) async throws -> String {
        // techlead-expect: swift-sensitive-data-logged
        print("logging in \(user) with \(password)")
        // techlead-safe
        logger.info("login attempt for \(user, privacy: .private)")
        // techlead-safe
        var request = URLRequest(url: URL(string: "https://api.example.com/v1/login")!)
        request.httpMethod = "POST"
        request.httpBody = try JSONEncoder().encode(["user": user, "password": password])
        let (data, _) = try await session.data(for: request)
        let token = String(decoding: data, as: UTF8.self)
        // techlead-expect: swift-sensitive-data-logged
        logger.debug("received token \(token)")
        return token
    }

    func legacyFeed() async throws -> Data {
        // techlead-expect: swift-cleartext-http-url
        let url = URL(string: "http://feeds.example.com/notes.rss")!
        let (data, _) = try await session.data(from: url)
        return data
    }

    func debugServer() -> URL {
        // techlead-safe
        return URL(string: "http://localhost:8080/debug")!
    }
}

/// Used by the enterprise build, which pins the server key.
final class PinnedDelegate: NSObject, URLSessionDelegate {
    let pinned: Data

    init(pinned: Data) {
        self.pinned = pinned
    }

    func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge, completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        guard let trust = challenge.protectionSpace.serverTrust, SecTrustEvaluateWithError(trust, nil),
              let key = SecTrustCopyKey(trust), let data = SecKeyCopyExternalRepresentation(key, nil) as Data?,
              data == pinned else {
            return completionHandler(.cancelAuthenticationChallenge, nil)
        }
        // techlead-safe
        completionHandler(.useCredential, URLCredential(trust: trust))
    }
}
