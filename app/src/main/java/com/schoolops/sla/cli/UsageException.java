package com.schoolops.sla.cli;

/** The command line is wrong; the message says how, in one line. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
