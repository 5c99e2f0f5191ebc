import CryptoKit
import Foundation
import GRDB
import os
import WebKit

/// Background sync of notes with the server and the shared-extension cache.
final class SyncService {
    private let logger = Logger(subsystem: "com.example.notes", category: "sync")
    private let db: DatabaseQueue
    private let web: WKWebView
    private var apiKey = ProcessInfo.processInfo.environment["NOTES_API_KEY"] ?? ""

    init(db: DatabaseQueue, web: WKWebView) {
        self.db = db
        self.web = web
    }

    func pull(since cursor: String) async throws {
        // techlead-expect: swift-cleartext-http-url
        var request = URLRequest(url: URL(string: "http://sync.example.com/v1/notes")!)
        // techlead-safe
        var secure = URLRequest(url: URL(string: "https://sync.example.com/v1/notes?cursor=\(cursor)")!)
        // techlead-expect: swift-sensitive-data-logged
        NSLog("sync with key %@", apiKey)
        request.setValue(apiKey, forHTTPHeaderField: "X-Api-Key")
        secure.setValue(apiKey, forHTTPHeaderField: "X-Api-Key")
        // techlead-safe
        logger.info("sync started for cursor \(cursor, privacy: .public)")
        _ = try await URLSession.shared.data(for: secure)
    }

    func apply(changes: [String: String], owner: String) throws {
        try db.write { db in
            for (id, title) in changes {
                // techlead-expect: swift-sql-interpolation
                try db.execute(sql: "UPDATE notes SET title = '\(title)' WHERE id = '\(id)' AND owner = '\(owner)'")
                // techlead-safe
                try db.execute(sql: "UPDATE notes SET synced = 1 WHERE id = ?", arguments: [id])
            }
        }
    }

    func conflicts(owner: String) throws -> [Row] {
        try db.read { db in
            // techlead-expect: swift-sql-interpolation
            try Row.fetchAll(db, sql: "SELECT * FROM conflicts WHERE owner = '" + owner + "'")
        }
    }

    func checksum(_ data: Data) -> String {
        // techlead-expect: swift-weak-hash
        return Insecure.SHA1.hash(data: data).description
    }

    func sharedChecksum(_ data: Data) -> String {
        // techlead-safe
        return SHA512.hash(data: data).description
    }

    func showBanner(_ message: String) {
        // techlead-expect: swift-webview-javascript-interpolation
        web.evaluateJavaScript("showBanner(\"" + message + "\")", completionHandler: nil)
        // techlead-safe
        web.evaluateJavaScript("hideSpinner()", completionHandler: nil)
    }

    func cacheToken(_ token: String) {
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: "notes.extension",
            // techlead-expect: swift-keychain-accessible-always
            kSecAttrAccessible as String: kSecAttrAccessibleAlwaysThisDeviceOnly,
            kSecValueData as String: Data(token.utf8),
        ]
        SecItemAdd(query as CFDictionary, nil)
    }

    func shareNonce() -> String {
        // techlead-expect: swift-insecure-random-token
        let nonce = String(drand48())
        return nonce
    }

    func retryDelay(attempt: Int) -> Double {
        // techlead-safe
        return Double(attempt) + Double.random(in: 0..<0.25)
    }

    func openLegacyHelp() {
        // techlead-expect: swift-webview-file-access
        web.configuration.preferences.setValue(true, forKey: "allowUniversalAccessFromFileURLs")
    }

    func noteURL(id: String) -> URL {
        // techlead-safe
        return URL(string: "https://notes.example.com/n/\(id)")!
    }
}
