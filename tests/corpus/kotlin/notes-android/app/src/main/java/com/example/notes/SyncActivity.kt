package com.example.notes

import android.annotation.SuppressLint
import android.content.Context
import android.database.sqlite.SQLiteDatabase
import android.net.http.SslError
import android.os.Bundle
import android.webkit.JavascriptInterface
import android.webkit.SslErrorHandler
import android.webkit.WebView
import android.webkit.WebViewClient
import androidx.appcompat.app.AppCompatActivity
import java.security.SecureRandom

class SyncActivity : AppCompatActivity() {
    private lateinit var db: SQLiteDatabase

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        db = openOrCreateDatabase("notes.db", Context.MODE_PRIVATE, null)
        // techlead-expect: kotlin-world-readable-mode
        val shared = getSharedPreferences("sync", Context.MODE_WORLD_READABLE)
        // techlead-safe
        val prefs = getSharedPreferences("settings", Context.MODE_PRIVATE)
        prefs.edit().putBoolean("first", false).apply()
        shared.edit().putLong("last", System.currentTimeMillis()).apply()
        setupHelp(WebView(this))
    }

    @SuppressLint("SetJavaScriptEnabled")
    private fun setupHelp(web: WebView) {
        // techlead-safe
        web.settings.javaScriptEnabled = true
        // techlead-expect: kotlin-webview-file-access
        web.settings.allowUniversalAccessFromFileURLs = true
        // techlead-safe
        web.settings.allowFileAccessFromFileURLs = false
        // techlead-expect: kotlin-webview-file-access
        web.addJavascriptInterface(HelpBridge(this), "Help")
        web.webViewClient = object : WebViewClient() {
            override fun onReceivedSslError(view: WebView, handler: SslErrorHandler, error: SslError) {
                // techlead-expect: kotlin-trust-all-certificates
                handler.proceed()
            }
        }
        // techlead-safe
        web.loadUrl("https://help.example.com/notes")
    }

    // techlead-expect: kotlin-sql-string-template
    fun notesByTag(tag: String) = db.rawQuery("SELECT * FROM notes WHERE tag = '" + tag + "'", null)

    fun notesByTagSafe(tag: String) =
        // techlead-safe
        db.rawQuery("SELECT * FROM notes WHERE tag = ?", arrayOf(tag))

    fun deleteNote(id: String) {
        // techlead-expect: kotlin-sql-string-template
        db.execSQL("DELETE FROM notes WHERE id = $id")
        // techlead-safe
        db.execSQL("DELETE FROM notes WHERE id = ?", arrayOf(id))
    }

    fun pinCode(): String {
        // techlead-expect: kotlin-insecure-random-token
        return java.util.Random().nextInt(10000).toString().padStart(4, '0')
    }

    fun legacyChecksum(data: ByteArray): ByteArray {
        // techlead-expect: kotlin-weak-hash
        return java.security.MessageDigest.getInstance("SHA-1").digest(data)
    }

    fun checksum(data: ByteArray): ByteArray {
        // techlead-safe
        return java.security.MessageDigest.getInstance("SHA-512").digest(data)
    }

    fun exportKey(): String {
        val bytes = ByteArray(32)
        // techlead-safe
        SecureRandom().nextBytes(bytes)
        return bytes.joinToString("") { "%02x".format(it) }
    }

    class HelpBridge(private val context: Context) {
        @JavascriptInterface
        fun version(): String = "1.0"
    }
}
