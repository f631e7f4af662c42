package com.schoolops.sla.notify.delivery;

import com.schoolops.sla.notify.routes.ReceiverSpec;

import java.time.Duration;
import java.time.InstantSource;

/** The receiver of a routes file's entry. */
public final class Receivers {
    private Receivers() {
    }

    public static Receiver of(ReceiverSpec spec, Duration timeout, InstantSource clock) {
        return switch (spec.kind()) {
            case WEBHOOK -> new WebhookReceiver(spec, new HttpPost(timeout));
            case WECOM -> new RobotReceiver(spec, RobotDialect.WECOM, new HttpPost(timeout), clock);
            case DINGTALK -> new RobotReceiver(spec, RobotDialect.DINGTALK, new HttpPost(timeout), clock);
            case FEISHU -> new RobotReceiver(spec, RobotDialect.FEISHU, new HttpPost(timeout), clock);
            case EMAIL -> new EmailReceiver(spec, timeout);
        };
    }
}
