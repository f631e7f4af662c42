package com.schoolops.sla.policy;

/** An SLA policy file is wrong; the message names the file, the contract and the field. */
public class PolicyException extends RuntimeException {
    public PolicyException(String message) {
        super(message);
    }
}
