import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  WorkerSubjects,
  type ClaimRequest,
  type ClaimResult,
  type CompleteRequest,
  type FailRequest,
  type HeartbeatRequest,
  type HeartbeatResult,
  type LeaseOutcomes,
  type ReleaseRequest,
} from '@spool/contracts';
import { LifecycleService } from './lifecycle.service.js';
import { RpcExceptionFilter } from '../rpc/rpc-exception.filter.js';

@Controller()
@UseFilters(RpcExceptionFilter)
export class WorkerProtocolController {
  constructor(private readonly lifecycle: LifecycleService) {}

  @MessagePattern(WorkerSubjects.claim)
  claim(@Payload() req: ClaimRequest): Promise<ClaimResult> {
    return this.lifecycle.claim(req);
  }

  @MessagePattern(WorkerSubjects.heartbeat)
  heartbeat(@Payload() req: HeartbeatRequest): Promise<HeartbeatResult> {
    return this.lifecycle.heartbeat(req);
  }

  @MessagePattern(WorkerSubjects.complete)
  complete(@Payload() req: CompleteRequest): Promise<LeaseOutcomes> {
    return this.lifecycle.complete(req);
  }

  @MessagePattern(WorkerSubjects.fail)
  fail(@Payload() req: FailRequest): Promise<LeaseOutcomes> {
    return this.lifecycle.fail(req);
  }

  @MessagePattern(WorkerSubjects.release)
  release(@Payload() req: ReleaseRequest): Promise<LeaseOutcomes> {
    return this.lifecycle.release(req);
  }
}
