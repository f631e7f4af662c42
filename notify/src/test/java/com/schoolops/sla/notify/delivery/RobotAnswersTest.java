package com.schoolops.sla.notify.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How each platform's answer is read: taken, try again later, or refused for good (then dead-lettered at once). */
class RobotAnswersTest {
    @Test
    void aRateLimitIsWaitedOutABusyRobotRetriedAWrongKeyOrSignatureNot() {
        assertEquals(Attempt.Result.DELIVERED, RobotDialect.WECOM.read(answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}")).result());
        assertEquals(Attempt.Result.LIMITED, RobotDialect.WECOM.read(answer(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}")).result());
        assertEquals(Attempt.Result.REFUSED, RobotDialect.WECOM.read(answer(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}")).result());
        assertEquals(Attempt.Result.LIMITED, RobotDialect.DINGTALK.read(answer(200, "{\"errcode\":130101,\"errmsg\":\"send too fast\"}")).result());
        assertEquals(Attempt.Result.REFUSED, RobotDialect.DINGTALK.read(answer(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}")).result());
        assertEquals(Attempt.Result.DELIVERED, RobotDialect.FEISHU.read(answer(200, "{\"code\":0,\"msg\":\"success\"}")).result());
        assertEquals(Attempt.Result.REFUSED, RobotDialect.FEISHU.read(answer(200, "{\"code\":19021,\"msg\":\"sign match fail\"}")).result());
        assertEquals(Attempt.Result.RETRY, RobotDialect.FEISHU.read(answer(503, "busy")).result());
        assertEquals(Attempt.Result.RETRY, RobotDialect.FEISHU.read(answer(200, "<html>proxy error</html>")).result());
        assertEquals(Attempt.Result.REFUSED, RobotDialect.WECOM.read(answer(404, "")).result());
        assertEquals(Attempt.Result.LIMITED, RobotDialect.FEISHU.read(answer(200, "{\"code\":11232,\"msg\":\"frequency limited\"}")).result());
        assertEquals(Attempt.Result.LIMITED, RobotDialect.FEISHU.read(answer(429, "{\"code\":99991400}")).result());
        assertEquals(Attempt.Result.RETRY, RobotDialect.WECOM.read(answer(200, "{\"errcode\":-1,\"errmsg\":\"system busy\"}")).result());
    }

    @Test
    void theWaitDoublesUpToItsBound() {
        DeliverySettings s = new DeliverySettings(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(15), 20);
        assertEquals(Duration.ofSeconds(1), s.backoffAfter(1));
        assertEquals(Duration.ofSeconds(2), s.backoffAfter(2));
        assertEquals(Duration.ofSeconds(4), s.backoffAfter(3));
        assertEquals(Duration.ofSeconds(5), s.backoffAfter(4));
        assertEquals(Duration.ofSeconds(5), s.backoffAfter(60));
    }

    private static HttpPost.Response answer(int status, String body) {
        return new HttpPost.Response(status, body, null);
    }
}
