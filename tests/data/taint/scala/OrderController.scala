package shop.web

import java.sql.Statement
import javax.servlet.http.HttpServletRequest

object Sql {
  def byCustomer(customer: String): String = s" WHERE customer = '$customer'"

  def quoted(value: String): String = {
    val trimmed = value.trim
    "'" + trimmed + "'"
  }

  def pageSize(value: String): Int = value.toInt

  def sortColumn(key: String): String = key match {
    case "date"  => "created_at"
    case "total" => "total"
    case _       => "id"
  }

  def named(n: String): String =
    if (n.isEmpty) "1 = 1" else s"name = '$n'"

  def runQuery(st: Statement, sql: String): Unit = {
    st.executeQuery(sql)
  }
}

class OrderController(st: Statement) {
  def list(request: HttpServletRequest): Unit = {
    val customer = request.getParameter("customer")
    val sql = s"SELECT * FROM orders WHERE customer = '$customer'"
    // expect: an interpolated string with request data
    st.executeQuery(sql)
    // expect: through a helper whose body is one expression
    st.executeQuery("SELECT * FROM orders" + Sql.byCustomer(customer))
    // safe: a helper that parses a number
    st.executeQuery(s"SELECT * FROM orders LIMIT ${Sql.pageSize(request.getParameter("page"))}")
    var query = "SELECT * FROM items WHERE title = "
    query = query + Sql.quoted(request.getParameter("q"))
    // expect: a helper whose block ends with the value
    st.executeQuery(query)
    val id = request.getParameter("id").toInt
    // safe: toInt sanitizes
    st.executeQuery(s"SELECT * FROM items WHERE id = $id")
    // safe: the request only picks a constant column
    st.executeQuery("SELECT * FROM items ORDER BY " + Sql.sortColumn(request.getParameter("sort")))
    // expect: an if/else helper with one tainted arm
    st.executeQuery("SELECT * FROM items WHERE " + Sql.named(customer))
    var state = "open"
    if (request.getParameter("all") == null) {
      state = request.getParameter("state")
    }
    // expect: tainted on one branch
    st.executeQuery(s"SELECT * FROM items WHERE state = '$state'")
    val fixed = "closed"
    // safe: a constant
    st.executeQuery(s"SELECT * FROM items WHERE state = '$fixed'")
    // expect: a helper whose parameter reaches a sink
    Sql.runQuery(st, s"SELECT * FROM items WHERE name = '$customer'")
    val label = request.getParameter("x") match {
      case "a" => "alpha"
      case _   => "beta"
    }
    // safe: the request only picks a constant
    st.executeQuery(s"SELECT * FROM items WHERE label = '$label'")
    val chosen = Option(request.getParameter("o")) match {
      case Some(v) => v
      case None    => "id"
    }
    // expect: a case pattern binds the request data
    st.executeQuery("SELECT * FROM items ORDER BY " + chosen)
    val names = request.getParameterValues("n").toList
    for (n <- names) {
      // expect: a for generator over request data
      st.executeQuery(s"SELECT * FROM items WHERE name = '$n'")
    }
  }
}
