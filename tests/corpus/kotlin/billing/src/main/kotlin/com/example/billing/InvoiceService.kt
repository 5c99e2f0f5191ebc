package com.example.billing

import jakarta.servlet.http.Cookie
import jakarta.servlet.http.HttpServletRequest
import jakarta.servlet.http.HttpServletResponse
import org.springframework.jdbc.core.JdbcTemplate
import org.springframework.stereotype.Service
import java.nio.file.Paths
import java.security.KeyPairGenerator
import java.security.SecureRandom

@Service
class InvoiceService(private val jdbc: JdbcTemplate) {

    fun byCustomer(customer: String): List<Map<String, Any>> {
        // techlead-expect: kotlin-sql-string-template
        return jdbc.queryForList("SELECT * FROM invoices WHERE customer = '$customer'")
    }

    fun byCustomerSafe(customer: String): List<Map<String, Any>> {
        // techlead-safe
        return jdbc.queryForList("SELECT * FROM invoices WHERE customer = ?", customer)
    }

    fun total(region: String): Int {
        // techlead-expect: kotlin-sql-string-template
        return jdbc.update("UPDATE invoices SET flagged = true WHERE region = " + region)
    }

    fun download(request: HttpServletRequest, response: HttpServletResponse) {
        // techlead-expect: kotlin-path-traversal-request
        val path = Paths.get("/srv/invoices", request.getParameter("file"))
        path.toFile().inputStream().use { it.copyTo(response.outputStream) }
    }

    fun login(response: HttpServletResponse, sessionId: String) {
        val cookie = Cookie("INVOICE_SID", sessionId)
        // techlead-expect: kotlin-cookie-insecure-flags
        cookie.isHttpOnly = false
        // techlead-safe
        cookie.secure = true
        response.addCookie(cookie)
    }

    fun invoiceNumber(): String {
        // techlead-safe
        return "INV-" + kotlin.random.Random.nextInt(100000, 999999)
    }

    fun apiSecret(): String {
        val bytes = ByteArray(32)
        // techlead-safe
        SecureRandom().nextBytes(bytes)
        return bytes.joinToString("") { "%02x".format(it) }
    }

    fun describe(customer: String, count: Int): String {
        // techlead-safe
        return "Customer $customer has $count invoices where total is due"
    }

    fun keys() = KeyPairGenerator.getInstance("RSA").apply {
        // techlead-safe
        initialize(3072)
    }.generateKeyPair()
}
