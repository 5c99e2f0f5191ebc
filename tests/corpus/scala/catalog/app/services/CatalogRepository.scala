package services

import java.sql.Connection
import javax.inject.Inject

import scala.concurrent.Future

import anorm._
import slick.jdbc.PostgresProfile.api._

case class Item(id: Long, name: String, price: BigDecimal)

class CatalogRepository @Inject() (db: Database, conn: Connection) {

  def byName(name: String): Future[Vector[(Long, String)]] =
    // techlead-expect: scala-sql-interpolation
    db.run(sql"SELECT id, name FROM items WHERE category = 'books' ORDER BY #$name".as[(Long, String)])

  def byNameSafe(name: String): Future[Vector[(Long, String)]] =
    // techlead-safe
    db.run(sql"SELECT id, name FROM items WHERE name = $name".as[(Long, String)])

  def priceOf(sku: String): Option[BigDecimal] = {
    implicit val c: Connection = conn
    // techlead-expect: scala-sql-interpolation
    SQL(s"SELECT price FROM items WHERE sku = '$sku'").as(SqlParser.scalar[BigDecimal].singleOpt)
  }

  def priceOfSafe(sku: String): Option[BigDecimal] = {
    implicit val c: Connection = conn
    // techlead-safe
    SQL("SELECT price FROM items WHERE sku = {sku}").on("sku" -> sku).as(SqlParser.scalar[BigDecimal].singleOpt)
  }

  def delete(table: String, id: Long): Int = {
    val st = conn.createStatement()
    // techlead-expect: scala-sql-interpolation
    st.executeUpdate(s"DELETE FROM $table WHERE id = $id")
  }

  def deleteSafe(id: Long): Int = {
    // techlead-safe
    val ps = conn.prepareStatement("DELETE FROM items WHERE id = ?")
    ps.setLong(1, id)
    ps.executeUpdate()
  }

  def describe(item: Item): String =
    // techlead-safe
    s"select ${item.name} from the catalogue for ${item.price}"
}
