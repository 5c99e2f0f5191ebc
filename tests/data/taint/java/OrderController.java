package shop.web;

import java.sql.Statement;
import javax.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.*;

@RestController
public class OrderController {
    private final JdbcTemplate jdbc;
    private final Statement st;

    OrderController(JdbcTemplate jdbc, Statement st) {
        this.jdbc = jdbc;
        this.st = st;
    }

    private String byCustomer(String customer) {
        return " WHERE customer = '" + customer + "'";
    }

    @GetMapping("/orders")
    public Object list(@RequestParam String customer, @RequestParam int page) throws Exception {
        String sql = "SELECT * FROM orders WHERE customer = '" + customer + "'";
        // expect: an annotated request parameter into the SQL text
        jdbc.queryForList(sql);
        // safe: a bound parameter
        jdbc.queryForList("SELECT * FROM orders WHERE customer = ?", customer);
        // safe: an int parameter is a number but still labelled; the SQL text is constant here
        jdbc.queryForList("SELECT * FROM orders LIMIT 20");
        // expect: through a helper that returns its parameter
        return jdbc.queryForList("SELECT * FROM orders" + byCustomer(customer));
    }

    public void search(HttpServletRequest request) throws Exception {
        String term = request.getParameter("q");
        StringBuilder sb = new StringBuilder("SELECT * FROM items WHERE title = '");
        sb.append(term).append("'");
        // expect: a StringBuilder fed with request data
        st.executeQuery(sb.toString());
        int id = Integer.parseInt(request.getParameter("id"));
        // safe: parsed as an integer
        st.executeQuery("SELECT * FROM items WHERE id = " + id);
        String state = request.getParameter("state");
        if (state == null) {
            state = "open";
        }
        // expect: still tainted on the other path
        st.executeQuery("SELECT * FROM items WHERE state = '" + state + "'");
        String fixed = "closed";
        // safe: a different variable
        st.executeQuery("SELECT * FROM items WHERE state = '" + fixed + "'");
    }
}
