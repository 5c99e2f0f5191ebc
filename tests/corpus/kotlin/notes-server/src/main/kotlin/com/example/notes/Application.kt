package com.example.notes

import io.ktor.http.Cookie
import io.ktor.http.HttpHeaders
import io.ktor.server.application.Application
import io.ktor.server.application.call
import io.ktor.server.application.install
import io.ktor.server.plugins.cors.routing.CORS
import io.ktor.server.request.receiveText
import io.ktor.server.response.respond
import io.ktor.server.response.respondFile
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import io.ktor.server.sessions.Sessions
import io.ktor.server.sessions.cookie
import java.io.ByteArrayInputStream
import java.io.File
import java.io.ObjectInputStream
import java.util.Random
import javax.sql.DataSource

data class UserSession(val id: String)

private val files = File("/srv/notes/files")

fun Application.module(db: DataSource) {
    // techlead-expect: kotlin-ktor-cors-any-host-credentials
    install(CORS) {
        anyHost(); allowCredentials = true; allowHeader(HttpHeaders.Authorization)
    }
    install(Sessions) {
        cookie<UserSession>("NOTES_SESSION") {
            // techlead-expect: kotlin-cookie-insecure-flags
            cookie.secure = false
            // techlead-safe
            cookie.httpOnly = true
        }
    }
    routing {
        get("/notes/search") {
            val term = call.request.queryParameters["q"] ?: ""
            db.connection.use { conn ->
                // techlead-expect: kotlin-sql-string-template
                val rs = conn.createStatement().executeQuery("SELECT id, title FROM notes WHERE title LIKE '%$term%'")
                // techlead-safe
                val ps = conn.prepareStatement("SELECT id, title FROM notes WHERE title LIKE ?")
                ps.setString(1, "%$term%")
                call.respondText(if (rs.next() || ps.executeQuery().next()) "found" else "none")
            }
        }
        get("/notes/file") {
            // techlead-expect: kotlin-path-traversal-request
            call.respondFile(File(files, call.parameters["name"]!!))
        }
        get("/notes/file-safe") {
            val name = File(call.parameters["name"] ?: "index.txt").name
            // techlead-safe
            call.respondFile(File(files, name))
        }
        post("/notes/import") {
            val bytes = call.receiveText().toByteArray()
            // techlead-expect: kotlin-object-input-stream
            val note = ObjectInputStream(ByteArrayInputStream(bytes)).readObject()
            call.respond(note.toString())
        }
        post("/notes/export") {
            // techlead-expect: kotlin-runtime-exec-injection
            Runtime.getRuntime().exec("tar czf /tmp/export.tgz " + call.parameters["dir"])
            // techlead-safe
            ProcessBuilder("tar", "czf", "/tmp/export.tgz", files.path).start()
            call.respondText("ok")
        }
        get("/health") {
            // techlead-safe
            call.response.cookies.append(Cookie("seen", "1", secure = true, httpOnly = true))
            call.respondText("ok")
        }
    }
}

fun newShareToken(): String {
    // techlead-expect: kotlin-insecure-random-token
    return Random().nextLong().toString(36)
}

fun retryDelayMillis(attempt: Int): Long {
    // techlead-safe
    return attempt * 1000L + kotlin.random.Random.nextLong(0, 250)
}
