package controllers

import java.io.File
import java.net.URL
import java.nio.file.Paths
import javax.inject.Inject

import scala.concurrent.{ExecutionContext, Future}
import scala.io.Source
import scala.sys.process._

import play.api.libs.ws.WSClient
import play.api.mvc._
import play.twirl.api.{Html, HtmlFormat}

class CatalogController @Inject() (cc: ControllerComponents, ws: WSClient)(implicit ec: ExecutionContext)
    extends AbstractController(cc) {

  private val images = Paths.get("/srv/catalog/images")
  private val allowedFeeds = Set("https://feeds.example.com/daily.json")

  def search(): Action[AnyContent] = Action { request =>
    val q = request.getQueryString("q").getOrElse("")
    // techlead-expect: scala-html-response-interpolation
    Ok(s"<h1>Results for $q</h1>").as(HTML)
  }

  def searchSafe(): Action[AnyContent] = Action { request =>
    val q = request.getQueryString("q").getOrElse("")
    // techlead-safe
    Ok(s"<h1>Results for ${HtmlFormat.escape(q)}</h1>").as(HTML)
  }

  def banner(): Action[AnyContent] = Action { request =>
    val text = request.getQueryString("text").getOrElse("")
    // techlead-expect: scala-html-response-interpolation
    val html = Html(s"<div class='banner'>$text</div>")
    // techlead-safe
    val footer = Html("<footer>Example Catalog</footer>")
    Ok(views.html.page(html, footer))
  }

  def image(): Action[AnyContent] = Action { request =>
    // techlead-expect: scala-path-traversal-request
    val file = new File("/srv/catalog/images", request.getQueryString("name").get)
    // techlead-safe
    val safe = images.resolve(Paths.get(request.getQueryString("name").get).getFileName.toString).normalize()
    Ok.sendFile(if (safe.startsWith(images)) safe.toFile else file)
  }

  def importFeed(): Action[AnyContent] = Action.async { request =>
    // techlead-expect: scala-ssrf-request
    ws.url(request.getQueryString("feed").get).get().map(r => Ok(r.body))
  }

  def importFeedSafe(): Action[AnyContent] = Action.async { request =>
    val feed = request.getQueryString("feed").filter(allowedFeeds.contains)
    // techlead-safe
    ws.url("https://feeds.example.com/daily.json").get().map(r => Ok(feed.fold("none")(_ => r.body)))
  }

  def back(): Action[AnyContent] = Action { request =>
    // techlead-expect: scala-open-redirect
    Redirect(request.getQueryString("next").getOrElse("/"))
  }

  def backSafe(): Action[AnyContent] = Action { request =>
    val next = request.getQueryString("next").filter(n => n.startsWith("/") && !n.startsWith("//"))
    // techlead-safe
    Redirect(next.getOrElse("/"))
  }

  def thumbnail(name: String): Action[AnyContent] = Action {
    // techlead-expect: scala-process-injection
    val out = s"convert /srv/catalog/images/$name -resize 200x200 /tmp/$name.png".!!
    // techlead-safe
    val ok = Seq("convert", s"/srv/catalog/images/$name", "-resize", "200x200", s"/tmp/$name.png").!
    Ok(out + ok)
  }

  def login(): Action[AnyContent] = Action {
    Ok("welcome").withCookies(
      // techlead-expect: scala-cookie-insecure-flags
      Cookie("CATALOG_SID", java.util.UUID.randomUUID.toString, secure = false),
      // techlead-safe
      Cookie("CATALOG_PREFS", "compact", secure = true, httpOnly = true)
    )
  }
}
