import CommonCrypto
import CryptoKit
import Foundation
import Security
import WebKit

/// Keeps the session in the keychain and renders the help pages.
final class AuthManager {
    private let webView: WKWebView

    init(webView: WKWebView) {
        self.webView = webView
    }

    func store(token: String) {
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrAccount as String: "session",
            // techlead-expect: swift-keychain-accessible-always
            kSecAttrAccessible as String: kSecAttrAccessibleAlways,
            kSecValueData as String: Data(token.utf8),
        ]
        SecItemAdd(query as CFDictionary, nil)
    }

    func storeSafely(token: String) {
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrAccount as String: "session",
            // techlead-safe
            kSecAttrAccessible as String: kSecAttrAccessibleWhenUnlockedThisDeviceOnly,
            kSecValueData as String: Data(token.utf8),
        ]
        SecItemAdd(query as CFDictionary, nil)
    }

    func legacyOfflineToken() -> String {
        // techlead-expect: swift-secret-in-user-defaults
        UserDefaults.standard.set("offline-\(UUID().uuidString)", forKey: "authToken")
        // techlead-safe
        UserDefaults.standard.set(true, forKey: "hasSeenOnboarding")
        return "offline"
    }

    func makeResetToken() -> String {
        // techlead-expect: swift-insecure-random-token
        return String(format: "%08x", rand())
    }

    func makeSessionId() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        // techlead-safe
        _ = SecRandomCopyBytes(kSecRandomDefault, bytes.count, &bytes)
        return Data(bytes).base64EncodedString()
    }

    func greet(name: String) {
        // techlead-expect: swift-webview-javascript-interpolation
        webView.evaluateJavaScript("greet('\(name)')")
        // techlead-safe
        webView.callAsyncJavaScript("greet(name)", arguments: ["name": name], in: nil, in: .page) { _ in }
    }

    func enableOfflineHelp() {
        // techlead-expect: swift-webview-file-access
        webView.configuration.preferences.setValue(true, forKey: "allowFileAccessFromFileURLs")
        let page = Bundle.main.url(forResource: "help", withExtension: "html")!
        // techlead-safe
        webView.loadFileURL(page, allowingReadAccessTo: page.deletingLastPathComponent())
    }

    func fingerprint(_ data: Data) -> String {
        // techlead-expect: swift-weak-hash
        return Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    func digest(_ data: Data) -> String {
        // techlead-safe
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    func legacyDecrypt(_ input: Data, key: Data) -> CCAlgorithm {
        // techlead-expect: swift-weak-cipher
        return CCAlgorithm(kCCAlgorithm3DES)
    }

    func seal(_ data: Data, key: SymmetricKey) throws -> Data {
        // techlead-safe
        return try AES.GCM.seal(data, using: key).combined!
    }
}
