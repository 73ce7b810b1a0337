package org.sipgateway.sip;

/** The registration as the readiness check reports it: accepted or not, and the registrar's last word. */
public record RegistrationState(boolean registered, String state) {
}
