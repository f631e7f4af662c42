package com.schoolops.sla.http.security;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The login form of a browser (Chinese first, English second): {@code GET /login} the page, {@code POST /login} (form
 * fields {@code user}, {@code password}, {@code next}) begins a session ({@link Sessions}) and goes on to {@code next}
 * (a path of this server) or the console, {@code POST /logout} ends it and goes back to the form. A failed login goes
 * through the same lock-out, WARN line and audit record as a failed HTTP Basic login.
 */
public final class SignIn {
    private static final String PAGE = read();
    private final Access access;
    private final Logins logins;
    private final Sessions sessions;
    private final Duration idle;

    public SignIn(Access access, Sessions.Times times) {
        this.access = access;
        this.logins = access.logins().orElseThrow();
        this.sessions = access.sessions().orElseThrow();
        this.idle = times.idle();
    }

    public void routes(JavalinDefaultRoutingApi r) {
        r.get("/login", ctx -> {
            if (sessions.read(ctx).isPresent()) {
                ctx.redirect(next(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            } else {
                page(ctx, 200, null, ctx.queryParam("next"));
            }
        });
        r.post("/login", this::login);
        r.post("/logout", ctx -> {
            sessions.end(ctx, sessions.read(ctx));
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        });
    }

    private void login(Context ctx) {
        String user = ctx.formParam("user");
        if (user == null || user.isBlank() || ctx.formParam("password") == null) {
            page(ctx, 400, "请填写用户名和密码 · Give a user name and a password.", ctx.formParam("next")); // not a login tried
            return;
        }
        Logins.Outcome outcome = logins.check(user, ctx.formParam("password"), ctx.ip());
        String next = ctx.formParam("next");
        if (outcome instanceof Logins.Outcome.Known known) {
            sessions.begin(ctx, known.user());
            ctx.redirect(next(next), HttpStatus.SEE_OTHER);
        } else if (outcome instanceof Logins.Outcome.Busy) {
            ctx.header("Retry-After", "1");
            page(ctx, 429, "正在检查其他登录，请稍后再试 · Busy checking other logins: try again in a moment.", next);
        } else if (outcome instanceof Logins.Outcome.LockedOut locked) {
            long seconds = Access.seconds(locked.retryAfter());
            access.failedLogin(ctx, user, "locked out for " + seconds + " s after repeated failed logins");
            ctx.header("Retry-After", String.valueOf(seconds));
            page(ctx, 429, "登录失败次数过多，请 " + seconds + " 秒后再试 · Too many failed logins: try again in " + seconds + " s.", next);
        } else {
            Duration locks = ((Logins.Outcome.Refused) outcome).locks();
            access.failedLogin(ctx, user, "wrong user name or password" + (locks.isZero() ? "" : "; locked out for " + locks.toSeconds() + " s"));
            page(ctx, 401, "用户名或密码错误 · Wrong user name or password.", next);
        }
    }

    private void page(Context ctx, int status, String message, String next) {
        ctx.status(status).contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
                .result(PAGE.replace("<!--message-->", message == null ? "" : "<p class=\"message\" role=\"alert\">" + escape(message) + "</p>")
                        .replace("{{next}}", escape(next(next))).replace("{{minutes}}", String.valueOf(idle.toMinutes())));
    }

    /** Where to go after signing in: a path of this server only (never another site), else the console. */
    static String next(String next) {
        boolean local = next != null && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") && !next.startsWith("/login")
                && next.chars().noneMatch(c -> c < 0x20);
        return local ? next : "/";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static String read() {
        try (InputStream in = SignIn.class.getResourceAsStream("/login/login.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
