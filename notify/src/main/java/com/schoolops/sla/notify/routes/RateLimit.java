package com.schoolops.sla.notify.routes;

import com.schoolops.sla.config.Durations;

import java.time.Duration;
import java.util.List;

/**
 * At most {@code messages} to one receiver in any {@code per}: a platform's documented limit, which the delivery worker
 * keeps by holding the next message until it fits. A robot that goes over refuses the message, and DingTalk's then
 * refuses everything for 10 minutes, so the limit is kept, not tested.
 */
public record RateLimit(int messages, Duration per) {

    public RateLimit {
        if (messages < 1 || per.isZero() || per.isNegative()) {
            throw new IllegalArgumentException("a rate limit is at least 1 message in a positive time, e.g. 20/1m");
        }
    }

    /**
     * The platforms' own limits, per robot:
     * WeCom group robot, 20 a minute (developer.work.weixin.qq.com/document/path/91770, 消息发送频率限制);
     * DingTalk custom robot, 20 a minute, and 10 minutes of refusals after going over
     * (open.dingtalk.com/document/orgapp/custom-robot-access);
     * Feishu custom bot, 100 a minute and 5 a second (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot).
     * A webhook and e-mail have none of their own: a receiver's {@code rate_limit} sets one.
     */
    public static List<RateLimit> documented(ReceiverSpec.Kind kind) {
        return switch (kind) {
            case WECOM, DINGTALK -> List.of(new RateLimit(20, Duration.ofMinutes(1)));
            case FEISHU -> List.of(new RateLimit(100, Duration.ofMinutes(1)), new RateLimit(5, Duration.ofSeconds(1)));
            case WEBHOOK, EMAIL -> List.of();
        };
    }

    /** {@code 20/1m}: messages, a slash, a duration. */
    public static RateLimit parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a rate limit: write messages/duration, e.g. 20/1m");
        }
        try {
            return new RateLimit(Integer.parseInt(text.substring(0, slash).strip()), Durations.parse(text.substring(slash + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a rate limit: write messages/duration, e.g. 20/1m");
        }
    }

    @Override
    public String toString() {
        return messages + "/" + Durations.format(per);
    }
}
