import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { EVENT_ID_PATTERN } from '@spool/contracts';

export class EventsQuery {
  @ApiPropertyOptional({ description: 'Resume after this event id (the Last-Event-ID header wins when both are sent)', example: '1024' })
  @IsOptional()
  @Matches(EVENT_ID_PATTERN, { message: 'lastEventId must be the id of an event' })
  lastEventId?: string;
}
