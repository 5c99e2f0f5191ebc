import Foundation
import GRDB
import SQLite3

/// Local database of notes (GRDB) and the legacy SQLite cache.
final class NotesStore {
    private let dbQueue: DatabaseQueue
    private var legacy: OpaquePointer?

    init(path: String) throws {
        dbQueue = try DatabaseQueue(path: path)
        sqlite3_open(path + ".legacy", &legacy)
    }

    func notes(tagged tag: String) throws -> [Row] {
        try dbQueue.read { db in
            // techlead-expect: swift-sql-interpolation
            try Row.fetchAll(db, sql: "SELECT * FROM notes WHERE tag = '\(tag)'")
        }
    }

    func notesSafe(tagged tag: String) throws -> [Row] {
        try dbQueue.read { db in
            // techlead-safe
            try Row.fetchAll(db, sql: "SELECT * FROM notes WHERE tag = ?", arguments: [tag])
        }
    }

    func delete(id: String) throws {
        try dbQueue.write { db in
            // techlead-expect: swift-sql-interpolation
            try db.execute(sql: "DELETE FROM notes WHERE id = \(id)")
            // techlead-safe
            try db.execute(sql: "DELETE FROM attachments WHERE note_id = ?", arguments: [id])
        }
    }

    func rename(id: Int32, title: String) {
        // techlead-expect: swift-sql-interpolation
        sqlite3_exec(legacy, "UPDATE notes SET title = '" + title + "' WHERE id = 1", nil, nil, nil)
        var stmt: OpaquePointer?
        // techlead-safe
        sqlite3_prepare_v2(legacy, "UPDATE notes SET title = ? WHERE id = ?", -1, &stmt, nil)
        sqlite3_bind_text(stmt, 1, title, -1, nil)
        sqlite3_bind_int(stmt, 2, id)
        sqlite3_step(stmt)
        sqlite3_finalize(stmt)
    }

    func count() throws -> Int {
        try dbQueue.read { db in
            // techlead-safe
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notes") ?? 0
        }
    }

    func summary(for title: String) -> String {
        // techlead-safe
        return "select \(title) from your notes"
    }
}
