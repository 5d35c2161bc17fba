package org.postdesk.store;

import java.time.Instant;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Customers: one row per address. */
public interface CustomerMapper {

    @Select("SELECT id FROM customer WHERE address = #{address}")
    Long findId(String address);

    @Select("SELECT id, address, name, created_at FROM customer WHERE address = #{address}")
    CustomerRow find(String address);

    @Insert("INSERT INTO customer (address, name, created_at) VALUES (#{address}, #{name}, #{at})")
    @Options(useGeneratedKeys = true, keyProperty = "key.value", keyColumn = "id")
    void insert(@Param("key") GeneratedId key, @Param("address") String address, @Param("name") String name,
            @Param("at") Instant at);
}
