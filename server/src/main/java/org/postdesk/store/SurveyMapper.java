package org.postdesk.store;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Satisfaction survey answers, one row per ticket; a later answer replaces the earlier one. */
public interface SurveyMapper {

    @Select("SELECT ticket_id, score, comment, answered_at, agent FROM survey_answer WHERE ticket_id = #{ticketId}")
    SurveyAnswerRow find(long ticketId);

    @Insert("INSERT INTO survey_answer (ticket_id, score, comment, answered_at, agent)"
            + " VALUES (#{r.ticketId}, #{r.score}, #{r.comment}, #{r.answeredAt}, #{r.agent})")
    void insert(@Param("r") SurveyAnswerRow row);

    @Update("UPDATE survey_answer SET score = #{r.score}, comment = #{r.comment}, answered_at = #{r.answeredAt},"
            + " agent = #{r.agent} WHERE ticket_id = #{r.ticketId}")
    int replace(@Param("r") SurveyAnswerRow row);

    /** Whether a survey mail went out for the ticket: a survey is sent once per ticket at most. */
    @Select("SELECT COUNT(*) FROM outbox WHERE ticket_id = #{ticketId} AND kind = 'survey'")
    int surveysSent(@Param("ticketId") long ticketId);
}
