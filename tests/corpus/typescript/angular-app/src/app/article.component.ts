// Article page of the Angular client: renders server HTML, embeds videos
// and keeps the reader's session.
import { Component, ElementRef, Input, OnInit, ViewChild } from "@angular/core";
import { DomSanitizer, SafeHtml, SafeResourceUrl } from "@angular/platform-browser";
import { HttpClient } from "@angular/common/http";
import DOMPurify from "dompurify";

interface Article {
  id: string;
  title: string;
  bodyHtml: string;
  videoId: string;
  embedUrl: string;
}

@Component({
  selector: "app-article",
  template: `<h1>{{ article?.title }}</h1><div [innerHTML]="body"></div><iframe [src]="video"></iframe>`,
})
export class ArticleComponent implements OnInit {
  @Input() articleId = "";
  @ViewChild("comments", { static: true }) comments!: ElementRef<HTMLElement>;
  article?: Article;
  body?: SafeHtml;
  video?: SafeResourceUrl;

  constructor(private readonly http: HttpClient, private readonly sanitizer: DomSanitizer) {}

  ngOnInit(): void {
    this.http.get<Article>(`/api/articles/${encodeURIComponent(this.articleId)}`).subscribe((article) => {
      this.article = article;
      // techlead-expect: typescript-angular-bypass-security-trust
      this.body = this.sanitizer.bypassSecurityTrustHtml(article.bodyHtml);
      // techlead-expect: typescript-angular-bypass-security-trust
      this.video = this.sanitizer.bypassSecurityTrustResourceUrl(article.embedUrl);
    });
  }

  renderSafely(article: Article): void {
    // techlead-safe
    this.body = this.sanitizer.bypassSecurityTrustHtml(DOMPurify.sanitize(article.bodyHtml));
    // techlead-safe
    this.video = this.sanitizer.bypassSecurityTrustResourceUrl("https://www.youtube-nocookie.com/embed/intro");
  }

  appendComment(author: string, text: string): void {
    // techlead-expect: typescript-inner-html-assignment
    this.comments.nativeElement.innerHTML += `<li><b>${author}</b> ${text}</li>`;
  }

  appendCommentSafe(author: string, text: string): void {
    const li = document.createElement("li");
    // techlead-safe
    li.textContent = `${author}: ${text}`;
    this.comments.nativeElement.appendChild(li);
  }

  clearComments(): void {
    // techlead-safe
    this.comments.nativeElement.innerHTML = "";
  }

  rememberLogin(token: string, user: string): void {
    // techlead-expect: typescript-sensitive-local-storage
    localStorage.setItem("auth_token", token);
    // techlead-safe
    localStorage.setItem("last_user", user);
  }

  shareHeight(): void {
    const height = document.body.scrollHeight;
    // techlead-expect: typescript-postmessage-wildcard-origin
    window.parent.postMessage({ height, article: this.articleId }, "*");
  }

  runWidget(code: string): unknown {
    // techlead-expect: typescript-eval-used
    return new Function("widget", code)(this);
  }
}
