package shop.web

import java.sql.Statement
import javax.servlet.http.HttpServletRequest
import org.springframework.jdbc.core.JdbcTemplate
import org.springframework.web.bind.annotation.*

private fun byCustomer(customer: String): String = " WHERE customer = '$customer'"

private fun quoted(value: String): String {
    val trimmed = value.trim()
    return "'" + trimmed + "'"
}

private fun pageSize(value: String): Int = value.toInt()

private fun sortColumn(key: String): String = when (key) {
    "date" -> "created_at"
    "total" -> "total"
    else -> "id"
}

private fun runQuery(st: Statement, sql: String) {
    st.executeQuery(sql)
}

@RestController
class OrderController(private val jdbc: JdbcTemplate, private val st: Statement) {
    @GetMapping("/orders")
    fun list(@RequestParam customer: String, @RequestParam page: String): Any {
        val sql = "SELECT * FROM orders WHERE customer = '$customer'"
        // expect: a string template with a request parameter
        jdbc.queryForList(sql)
        // safe: a bound parameter
        jdbc.queryForList("SELECT * FROM orders WHERE customer = ?", customer)
        // expect: through a helper with an expression body
        jdbc.queryForList("SELECT * FROM orders" + byCustomer(customer))
        // safe: a helper that parses a number
        jdbc.queryForList("SELECT * FROM orders LIMIT ${pageSize(page)}")
        return jdbc.queryForList("SELECT 1")
    }

    fun search(request: HttpServletRequest) {
        var query = "SELECT * FROM items WHERE title = "
        query += quoted(request.getParameter("q"))
        // expect: += with a helper that returns its parameter
        st.executeQuery(query)
        val id = request.getParameter("id").toInt()
        // safe: toInt sanitizes
        st.executeQuery("SELECT * FROM items WHERE id = $id")
        var state = "open"
        if (request.getParameter("all") == null) {
            state = request.getParameter("state")
        }
        // expect: tainted on one branch
        st.executeQuery("SELECT * FROM items WHERE state = '${state}'")
        // safe: the request only picks a constant column
        st.executeQuery("SELECT * FROM items ORDER BY " + sortColumn(request.getParameter("sort")))
        val fixed = "closed"
        // safe: a constant
        st.executeQuery("SELECT * FROM items WHERE state = '$fixed'")
        val name = request.getParameter("name")
        // expect: a helper whose parameter reaches a sink
        runQuery(st, "SELECT * FROM items WHERE name = '$name'")
        val label = if (request.getParameter("x") == "a") "alpha" else "beta"
        // safe: the request only picks a constant
        st.executeQuery("SELECT * FROM items WHERE label = '$label'")
        val tags = mutableListOf<String>()
        tags.add(request.getParameter("tag"))
        // expect: a list fed with request data
        st.executeQuery("SELECT * FROM items WHERE tag IN (${tags.joinToString()})")
    }
}
