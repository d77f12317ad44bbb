import { ApiProperty } from '@nestjs/swagger';
import type { JobTypeView } from '@spool/contracts';

export class JobTypeResponse implements JobTypeView {
  @ApiProperty({ example: 'video.proxy' })
  type: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema of `input`' })
  inputSchema: Record<string, unknown>;

  @ApiProperty()
  timeoutSeconds: number;

  @ApiProperty()
  maxAttempts: number;

  @ApiProperty({ description: 'Live workers serving this type' })
  workers: number;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
