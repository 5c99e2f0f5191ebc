package com.example.shop.repo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.hibernate.Session;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.example.shop.model.Order;

/** Order queries over JDBC, JPA, Hibernate and JdbcTemplate. */
@Repository
public class OrderRepository {
    private static final String REPORT_DS = "java:comp/env/jdbc/reports";

    @PersistenceContext
    private EntityManager em;

    private final JdbcTemplate jdbc;

    public OrderRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Order> byCustomer(String customer) throws SQLException {
        List<Order> out = new ArrayList<>();
        try (Connection c = jdbc.getDataSource().getConnection(); Statement st = c.createStatement()) {
            // techlead-expect: java-sql-string-concat
            ResultSet rs = st.executeQuery("SELECT id, total FROM orders WHERE customer = '" + customer + "'");
            while (rs.next()) {
                out.add(new Order(rs.getLong(1), rs.getBigDecimal(2)));
            }
        }
        return out;
    }

    public List<Order> byCustomerSafe(String customer) throws SQLException {
        List<Order> out = new ArrayList<>();
        try (Connection c = jdbc.getDataSource().getConnection();
             // techlead-safe
             PreparedStatement ps = c.prepareStatement("SELECT id, total FROM orders WHERE customer = ?")) {
            ps.setString(1, customer);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Order(rs.getLong(1), rs.getBigDecimal(2)));
                }
            }
        }
        return out;
    }

    public List<?> search(String status, String sort) {
        // techlead-expect: java-sql-string-concat
        return em.createNativeQuery("SELECT * FROM orders WHERE status = '" + status + "' ORDER BY " + sort).getResultList();
    }

    public List<Order> searchSafe(String status) {
        // techlead-safe
        return em.createQuery("SELECT o FROM Order o WHERE o.status = :status", Order.class)
            .setParameter("status", status)
            .getResultList();
    }

    public List<?> legacy(Session session, String region) {
        // techlead-expect: java-sql-string-concat
        return session.createSQLQuery("SELECT * FROM orders WHERE region = '" + region + "'").list();
    }

    public List<Order> byRegion(String region) {
        // techlead-expect: java-sql-string-concat
        return jdbc.query(String.format("SELECT id, total FROM orders WHERE region = '%s'", region),
            (rs, i) -> new Order(rs.getLong(1), rs.getBigDecimal(2)));
    }

    public List<Order> byRegionSafe(String region) {
        // techlead-safe
        return jdbc.query("SELECT id, total FROM orders WHERE region = ?", (rs, i) -> new Order(rs.getLong(1), rs.getBigDecimal(2)), region);
    }

    public int archive(String table, int days) {
        String sql = "DELETE FROM " + table + " WHERE created < now() - interval '" + days + " days'";
        // techlead-known-miss: java-sql-string-concat the SQL is concatenated on the line above; needs taint
        return jdbc.update(sql);
    }

    public int count() {
        // techlead-safe
        Integer n = jdbc.queryForObject("SELECT count(*) FROM orders", Integer.class);
        return n == null ? 0 : n;
    }

    public DataSource reports() throws NamingException {
        // techlead-safe
        return (DataSource) new InitialContext().lookup(REPORT_DS);
    }

    public DataSource tenant(String tenantName) throws NamingException {
        // techlead-expect: java-jndi-lookup-injection
        return (DataSource) new InitialContext().lookup("java:comp/env/jdbc/" + tenantName);
    }

    public Connection direct() throws SQLException {
        // techlead-expect: java-hardcoded-jdbc-password
        return DriverManager.getConnection("jdbc:postgresql://db:5432/shop", "shop", "Sh0pAdm1n!");
    }

    public Connection directSafe() throws SQLException {
        // techlead-safe
        return DriverManager.getConnection(System.getenv("DB_URL"), System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
    }
}
