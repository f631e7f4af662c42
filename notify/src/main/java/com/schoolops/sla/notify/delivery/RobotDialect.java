package com.schoolops.sla.notify.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.serde.JsonRecords;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The group robots schools use, each as its platform documents it: the text message body, how a signed robot is
 * signed, and which answer codes mean "taken", "too fast" (waited out), and "try again" (any other code is a refusal:
 * a wrong key, signature or keyword does not mend itself).
 */
enum RobotDialect {
    /** WeCom (企业微信) group robot: the key is in the URL; {"errcode":0} is taken, 45009 is its rate limit. */
    WECOM("errcode", Set.of(45009), Set.of(-1)),
    /**
     * DingTalk (钉钉) custom robot: with a secret, {@code &timestamp=<ms>&sign=<urlencoded base64 HmacSHA256(secret,
     * timestamp + "\n" + secret)>} on the URL; 130101 is "sending too fast".
     */
    DINGTALK("errcode", Set.of(130101), Set.of(-1)) {
        @Override
        String url(String url, Optional<String> secret, long nowMs) {
            return secret.map(s -> url + (url.contains("?") ? "&" : "?") + "timestamp=" + nowMs + "&sign="
                    + URLEncoder.encode(hmac(s, nowMs + "\n" + s), StandardCharsets.UTF_8)).orElse(url);
        }
    },
    /**
     * Feishu (飞书) custom bot: with a secret, {@code timestamp} (seconds) and {@code sign} = base64 HmacSHA256 keyed by
     * {@code timestamp + "\n" + secret} over nothing, in the body; 11232 is its frequency limit.
     */
    FEISHU("code", Set.of(11232), Set.of(9499)) {
        @Override
        ObjectNode body(String text, Optional<String> secret, long nowMs) {
            ObjectNode body = JsonRecords.JSON.createObjectNode().put("msg_type", "text");
            body.putObject("content").put("text", text);
            secret.ifPresent(s -> {
                String ts = String.valueOf(nowMs / 1000);
                body.put("timestamp", ts).put("sign", hmac(ts + "\n" + s, ""));
            });
            return body;
        }
    };

    private final String codeField;
    private final Set<Integer> tooFast;
    private final Set<Integer> tryAgain;

    RobotDialect(String codeField, Set<Integer> tooFast, Set<Integer> tryAgain) {
        this.codeField = codeField;
        this.tooFast = tooFast;
        this.tryAgain = tryAgain;
    }

    /** The text message of WeCom and DingTalk, which write it alike: {"msgtype":"text","text":{"content":…}}. */
    ObjectNode body(String text, Optional<String> secret, long nowMs) {
        ObjectNode body = JsonRecords.JSON.createObjectNode().put("msgtype", "text");
        body.putObject("text").put("content", text);
        return body;
    }

    String url(String url, Optional<String> secret, long nowMs) {
        return url;
    }

    /** The platform's answer: HTTP first, then its own code (these robots answer HTTP 200 to most refusals). */
    Attempt read(HttpPost.Response r) {
        Attempt http = Attempt.ofStatus(r.status(), r.body());
        if (http.result() != Attempt.Result.DELIVERED) {
            return http;
        }
        JsonNode answer;
        try {
            answer = JsonRecords.JSON.readTree(r.body());
        } catch (Exception e) {
            return Attempt.retry("an answer that is not JSON: " + Attempt.abbreviate(r.body()));
        }
        int code = answer.path(codeField).asInt(answer.path("StatusCode").asInt(0));
        if (code == 0) {
            return Attempt.delivered();
        }
        String reason = name().toLowerCase() + " " + codeField + " " + code + ": " + Attempt.abbreviate(answer.toString());
        if (tooFast.contains(code)) {
            return Attempt.limited(reason);
        }
        return tryAgain.contains(code) ? Attempt.retry(reason) : Attempt.refused(reason);
    }

    static String hmac(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
