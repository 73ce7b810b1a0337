package org.sipgateway; public class GatewayMain { public static void main(String[] a){} }
