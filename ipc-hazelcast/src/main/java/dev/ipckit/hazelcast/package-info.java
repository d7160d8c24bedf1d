/**
 * The same {@link dev.ipckit.Pool} and {@link dev.ipckit.Queue} on a Hazelcast cluster: connect with
 * {@link dev.ipckit.hazelcast.HazelcastCluster#connect}, start members that offer their cores with
 * {@link dev.ipckit.hazelcast.ClusterMember#start} (or the demos' {@code worker --cluster} command).
 */
package dev.ipckit.hazelcast;
